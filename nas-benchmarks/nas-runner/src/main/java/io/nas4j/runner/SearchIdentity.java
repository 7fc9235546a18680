package io.nas4j.runner;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrialStore;

/**
 * What makes a stored search the same search: its space, strategy and seed. Kept in the store the first
 * time a search runs on it, so that a later run on the same store either continues that search or is
 * refused, never mixes two.
 */
record SearchIdentity(String space, String strategy, long seed) {

    /** The store attribute that holds it. */
    static final String ATTRIBUTE = "runner.search";

    private String text() {
        return "space " + space + ", strategy " + strategy + ", seed " + seed;
    }

    /**
     * Records this identity in a store that holds none, or checks it against the one the store holds.
     *
     * @throws UserInputException naming the field {@code store} when the store holds another search
     */
    void claim(TrialStore store) {
        String held = store.attribute(ATTRIBUTE).orElse(null);
        if (held == null) {
            if (!store.trials().isEmpty()) {
                throw UserInputException.of("store", "store: it holds {} trials of a search this runner did not start; use"
                        + " an empty store", store.trials().size());
            }
            store.putAttribute(ATTRIBUTE, text());
        } else if (!held.equals(text())) {
            throw UserInputException.of("store", "store: it holds another search ({}); this one is {}; use another store or"
                    + " the same settings", held, text());
        }
    }
}
