package io.nas4j.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code nas bench}, as a configuration file holds them and as command-line flags give
 * them. Every field may be null (not given); {@link #overriddenBy} layers flags over a file, and the
 * command fills what is still missing with its defaults and validates the result.
 *
 * @param suite      suite name, for example {@code nb201}
 * @param strategies strategy names, each entry possibly comma-separated; {@code all} for every installed one
 * @param runs       runs per strategy
 * @param budget     trials per run
 * @param budgetEpochs cost per run in the suite's unit (epochs trained on NAS-Bench-201)
 * @param dataset    the suite's data set
 * @param dataDir    the folder holding the benchmark files, or its parent
 * @param out        the output folder
 * @param seed       the base seed
 * @param settings   hyperparameters by strategy name, then by setting name
 */
public record BenchConfig(String suite, List<String> strategies, Integer runs, Integer budget, Integer budgetEpochs,
                          String dataset, String dataDir, String out, Long seed,
                          Map<String, Map<String, Object>> settings) {

    public BenchConfig {
        strategies = strategies == null ? null : List.copyOf(strategies);
        if (settings != null) {
            Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
            settings.forEach((name, values) -> copy.put(name, values == null ? Map.of() : new LinkedHashMap<>(values)));
            settings = copy;
        }
    }

    /** A configuration that gives nothing. */
    public static BenchConfig empty() {
        return new BenchConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** The strategy names, comma-separated entries split; empty when none were given. */
    public List<String> strategyNames() {
        List<String> names = new ArrayList<>();
        if (strategies != null) {
            for (String entry : strategies) {
                for (String name : entry.split(",", -1)) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            }
        }
        return names;
    }

    /** This configuration with its relative paths taken relative to {@code base} (a config file's folder). */
    public BenchConfig relativeTo(Path base) {
        return new BenchConfig(suite, strategies, runs, budget, budgetEpochs, dataset, Paths.resolve(base, dataDir),
                Paths.resolve(base, out), seed, settings);
    }

    /**
     * This configuration with every field that {@code overrides} gives replaced; settings are merged per
     * strategy, the override's values winning.
     */
    public BenchConfig overriddenBy(BenchConfig overrides) {
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        if (settings != null) {
            settings.forEach((name, values) -> merged.put(name, new LinkedHashMap<>(values)));
        }
        if (overrides.settings != null) {
            overrides.settings.forEach((name, values) ->
                    merged.computeIfAbsent(name, key -> new LinkedHashMap<>()).putAll(values));
        }
        return new BenchConfig(
                overrides.suite != null ? overrides.suite : suite,
                overrides.strategies != null ? overrides.strategies : strategies,
                overrides.runs != null ? overrides.runs : runs,
                overrides.budget != null ? overrides.budget : budget,
                overrides.budgetEpochs != null ? overrides.budgetEpochs : budgetEpochs,
                overrides.dataset != null ? overrides.dataset : dataset,
                overrides.dataDir != null ? overrides.dataDir : dataDir,
                overrides.out != null ? overrides.out : out,
                overrides.seed != null ? overrides.seed : seed,
                merged.isEmpty() ? null : merged);
    }
}
