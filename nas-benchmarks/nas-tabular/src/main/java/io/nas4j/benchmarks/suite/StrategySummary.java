package io.nas4j.benchmarks.suite;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One strategy's results on a suite.
 *
 * @param checkpoints        the reported value after that many trials, over runs, in ascending trial order
 * @param costCheckpoints    the reported value once that much cost was spent (the incumbent of the trials whose
 *                           costs add up to no more), over runs, in ascending cost order
 * @param last               the reported value after each run's last trial
 * @param cost               the cost each run spent, in the suite's unit
 * @param trials             the trials each run counted
 * @param overheadMsPerTrial milliseconds spent inside the strategy per trial, mean over all trials of all
 *                           runs (wall-clock: not reproducible)
 */
public record StrategySummary(Map<Integer, Statistic> checkpoints, Map<Double, Statistic> costCheckpoints,
                              Statistic last, Statistic cost, Statistic trials, double overheadMsPerTrial) {

    public StrategySummary {
        checkpoints = Collections.unmodifiableMap(new TreeMap<>(checkpoints));
        costCheckpoints = Collections.unmodifiableMap(new TreeMap<>(costCheckpoints));
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(trials, "trials");
    }
}
