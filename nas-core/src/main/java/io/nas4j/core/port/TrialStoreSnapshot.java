package io.nas4j.core.port;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a trial store held at one moment ({@link TrialStores#read}): read in one transaction, so the
 * attributes and the trials agree with each other.
 *
 * @param attributes the search's attributes by name, in name order
 * @param trials     every trial, in id order
 */
public record TrialStoreSnapshot(Map<String, String> attributes, List<TrialRecord> trials) {

    public TrialStoreSnapshot {
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
        trials = List.copyOf(trials);
    }

    /** The attribute, if stored. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }
}
