package io.nas4j.benchmarks.suite;

import io.nas4j.core.search.StrategySettings;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What to run on a suite: each strategy {@code runs} times with {@code budget} trials per run, and at most
 * {@code costBudget} cost units per run when that is finite.
 *
 * @param strategies installed strategy names, in the order to run and report them; no repeats
 * @param runs       runs per strategy, at least 1
 * @param budget     trials per run, at least 1
 * @param seed       the base seed; run {@code r} of every strategy uses {@link SuiteRunner#runSeed(long, int)}
 * @param settings   hyperparameters by strategy name; a strategy without an entry uses its defaults
 * @param costBudget cost per run in the suite's unit ({@link Benchmark#costUnit()}), positive; infinity
 *                   for none. A run stops at whichever of the two budgets it meets first, and only trials
 *                   that finish within the cost budget count
 */
public record BenchPlan(List<String> strategies, int runs, int budget, long seed,
                        Map<String, StrategySettings> settings, double costBudget) {

    public BenchPlan {
        strategies = List.copyOf(strategies);
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one strategy");
        }
        if (new LinkedHashSet<>(strategies).size() != strategies.size()) {
            throw new IllegalArgumentException("a plan names a strategy twice: " + strategies);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1, got " + budget);
        }
        settings = Map.copyOf(settings);
        if (!(costBudget > 0)) {
            throw new IllegalArgumentException("costBudget must be positive, got " + costBudget);
        }
    }

    /** A plan limited by trials alone. */
    public BenchPlan(List<String> strategies, int runs, int budget, long seed, Map<String, StrategySettings> settings) {
        this(strategies, runs, budget, seed, settings, Double.POSITIVE_INFINITY);
    }

    /** Whether runs are limited by cost as well as by trials. */
    public boolean limitsCost() {
        return Double.isFinite(costBudget);
    }

    /** The settings of {@code strategy}, empty when none were given. */
    public StrategySettings settingsOf(String strategy) {
        return settings.getOrDefault(strategy, StrategySettings.empty());
    }
}
