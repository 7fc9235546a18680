package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.runner.store.StoredSearch;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --store URL} and {@code --max-attempts N}, a mixin of {@code search} and {@code resume}: where a search
 * keeps its trials and how often a trial whose worker died runs again. Each command words their help in its
 * resource bundle.
 */
final class StoreOptions {

    /** Attempts of a trial whose worker died, unless {@code --max-attempts} says otherwise. */
    static final int DEFAULT_ATTEMPTS = 2;
    private static final int MAX_ATTEMPTS = 100;

    @Option(names = "--store", paramLabel = "URL", descriptionKey = "store",
            description = "where the trials are kept: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE")
    private String url;

    @Option(names = "--max-attempts", paramLabel = "N", descriptionKey = "max-attempts",
            description = "attempts of a trial whose worker died")
    private Integer maxAttempts;

    /** The store's URL, null for the output folder's {@code trials.db}. */
    String url() {
        return url;
    }

    /** {@code --max-attempts}, checked, or {@link #DEFAULT_ATTEMPTS}. */
    int attempts() {
        return attempts(maxAttempts);
    }

    /** {@code --max-attempts}, checked, or null when it is not given. */
    Integer givenAttempts() {
        return maxAttempts == null ? null : attempts(maxAttempts);
    }

    /** The flags as given, null where not, by name. */
    Map<String, Object> given() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--store", url);
        given.put("--max-attempts", maxAttempts);
        return given;
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
