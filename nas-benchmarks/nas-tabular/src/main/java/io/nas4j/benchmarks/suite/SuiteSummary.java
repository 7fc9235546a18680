package io.nas4j.benchmarks.suite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of running a {@link BenchPlan} on a suite: per strategy, the reported value at each
 * checkpoint of trials and of cost (mean and std over runs). Everything but the overheads is determined by
 * the plan.
 *
 * @param suite      the suite's name
 * @param dataset    the data set
 * @param reported   what the reported value is
 * @param budget     trials per run
 * @param runs       runs per strategy
 * @param seed       the base seed
 * @param costUnit   what cost counts ({@link Benchmark#costUnit()})
 * @param trialCost  the cost of a single-fidelity trial ({@link Benchmark#trialCost()})
 * @param costBudget the cost per run the plan allowed; infinity for none
 * @param strategies results by strategy, in the plan's order
 */
public record SuiteSummary(String suite, String dataset, String reported, int budget, int runs, long seed,
                           String costUnit, double trialCost, double costBudget,
                           Map<String, StrategySummary> strategies) {

    public SuiteSummary {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(costUnit, "costUnit");
        strategies = Collections.unmodifiableMap(new LinkedHashMap<>(strategies));
    }
}
