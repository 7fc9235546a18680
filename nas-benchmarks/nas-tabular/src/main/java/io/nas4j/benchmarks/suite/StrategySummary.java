package io.nas4j.benchmarks.suite;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One strategy's results on a suite.
 *
 * @param checkpoints        the reported value after that many trials, over runs, in ascending trial order
 * @param last               the reported value after each run's last trial
 * @param overheadMsPerTrial milliseconds spent inside the strategy per trial, mean over all trials of all
 *                           runs (wall-clock: not reproducible)
 */
public record StrategySummary(Map<Integer, Statistic> checkpoints, Statistic last, double overheadMsPerTrial) {

    public StrategySummary {
        checkpoints = Collections.unmodifiableMap(new TreeMap<>(checkpoints));
        Objects.requireNonNull(last, "last");
    }
}
