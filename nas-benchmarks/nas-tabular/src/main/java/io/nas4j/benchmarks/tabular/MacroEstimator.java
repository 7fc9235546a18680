package io.nas4j.benchmarks.tabular;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;

import java.util.Map;
import java.util.Objects;

/**
 * Looks an architecture up in NAS-Bench-Macro: {@value #ACCURACY} is the mean CIFAR-10 test accuracy over
 * the table's training seeds, with {@value #PARAMS} and {@value #FLOPS}; every fidelity gives the same
 * numbers at cost 1. Thread-safe; never fails for a valid genome.
 */
public final class MacroEstimator implements PerformanceEstimator<MacroGenome> {

    public static final String ACCURACY = "accuracy";
    public static final String PARAMS = "params";
    public static final String FLOPS = "flops";

    private final MacroTable table;

    public MacroEstimator(MacroTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public TrialResult estimate(Trial<MacroGenome> trial) {
        MacroEntry entry = table.get(trial.genome());
        return TrialResult.complete(Map.of(ACCURACY, entry.meanAccuracy(), PARAMS, entry.params(),
                FLOPS, entry.flops()), 1);
    }
}
