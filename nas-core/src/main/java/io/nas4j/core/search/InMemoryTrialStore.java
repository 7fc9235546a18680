package io.nas4j.core.search;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A store that lives as long as its object: for tests, tabular suites and throw-away searches. */
public final class InMemoryTrialStore implements TrialStore {

    private final Map<String, String> attributes = new HashMap<>();
    private final TreeMap<Long, TrialRecord> trials = new TreeMap<>();

    @Override
    public synchronized void putAttribute(String name, String value) {
        attributes.put(name, value);
    }

    @Override
    public synchronized Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public synchronized void insert(TrialRecord trial) {
        if (trials.putIfAbsent(trial.id(), trial) != null) {
            throw new IllegalStateException("trial " + trial.id() + " already exists");
        }
    }

    @Override
    public synchronized void insertAll(List<TrialRecord> batch) {
        for (TrialRecord trial : batch) {
            if (trials.containsKey(trial.id())) {
                throw new IllegalStateException("trial " + trial.id() + " already exists");
            }
        }
        batch.forEach(trial -> trials.put(trial.id(), trial));
    }

    @Override
    public synchronized void update(TrialRecord trial) {
        if (!trials.containsKey(trial.id())) {
            throw new IllegalStateException("trial " + trial.id() + " does not exist");
        }
        trials.put(trial.id(), trial);
    }

    @Override
    public synchronized List<TrialRecord> trials() {
        return new ArrayList<>(trials.values());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
