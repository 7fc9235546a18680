package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.runner.store.StoredSearch;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks and defaults of the flags that say where trials are kept and how often a lost one runs again. */
final class StoreFlags {

    /** Attempts of a trial whose worker died, unless {@code --max-attempts} says otherwise. */
    static final int DEFAULT_ATTEMPTS = 2;
    private static final int MAX_ATTEMPTS = 100;

    private StoreFlags() {
    }

    static int attempts(Integer given) {
        int attempts = given == null ? DEFAULT_ATTEMPTS : given;
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new UserInputException("--max-attempts must be between 1 and " + MAX_ATTEMPTS + ", got " + attempts);
        }
        return attempts;
    }

    /** What a new search stores about itself, so that {@code nas resume} can run it again. */
    static Map<String, String> description(String kind, String configJson, long seed, int attempts) {
        Map<String, String> description = new LinkedHashMap<>();
        description.put(StoredSearch.KIND, kind);
        description.put(StoredSearch.CONFIG, configJson);
        description.put(StoredSearch.SEED, Long.toString(seed));
        description.put(StoredSearch.MAX_ATTEMPTS, Integer.toString(attempts));
        return description;
    }
}
