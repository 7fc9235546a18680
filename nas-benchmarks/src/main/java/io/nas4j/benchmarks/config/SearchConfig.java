package io.nas4j.benchmarks.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of {@code nas search}, as a configuration file holds them and as command-line flags give
 * them. Every field may be null (not given); {@link #overriddenBy} layers flags over a file, and the
 * command fills what is still missing with its defaults and validates the result.
 *
 * @param space    search space name, for example {@code nb201}
 * @param strategy strategy name
 * @param backend  how trials are evaluated, for example {@code tabular}
 * @param dataset  the data set
 * @param budget   trials
 * @param seed     the seed
 * @param dataDir  the folder holding the data files, or its parent
 * @param out      the output folder
 * @param settings the strategy's hyperparameters
 */
public record SearchConfig(String space, String strategy, String backend, String dataset, Integer budget, Long seed,
                           String dataDir, String out, Map<String, Object> settings) {

    public SearchConfig {
        settings = settings == null ? null : new LinkedHashMap<>(settings);
    }

    /** A configuration that gives nothing. */
    public static SearchConfig empty() {
        return new SearchConfig(null, null, null, null, null, null, null, null, null);
    }

    /** This configuration with its relative paths taken relative to {@code base} (a config file's folder). */
    public SearchConfig relativeTo(Path base) {
        return new SearchConfig(space, strategy, backend, dataset, budget, seed, Paths.resolve(base, dataDir),
                Paths.resolve(base, out), settings);
    }

    /** This configuration with every field that {@code overrides} gives replaced; settings are merged. */
    public SearchConfig overriddenBy(SearchConfig overrides) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (settings != null) {
            merged.putAll(settings);
        }
        if (overrides.settings != null) {
            merged.putAll(overrides.settings);
        }
        return new SearchConfig(
                overrides.space != null ? overrides.space : space,
                overrides.strategy != null ? overrides.strategy : strategy,
                overrides.backend != null ? overrides.backend : backend,
                overrides.dataset != null ? overrides.dataset : dataset,
                overrides.budget != null ? overrides.budget : budget,
                overrides.seed != null ? overrides.seed : seed,
                overrides.dataDir != null ? overrides.dataDir : dataDir,
                overrides.out != null ? overrides.out : out,
                merged.isEmpty() ? null : merged);
    }
}
