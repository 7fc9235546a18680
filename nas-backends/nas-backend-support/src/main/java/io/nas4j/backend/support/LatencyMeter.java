package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingBackend;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The latency loop of {@link TrainingBackend#measureLatency}: warm-up runs that are not counted, then
 * timed runs, summarised as the median and the 90th percentile (never below the median). What one run
 * times is the backend's: it runs one inference and returns the nanoseconds it measured, so setting up
 * and freeing the run's input can stay outside the time.
 */
public final class LatencyMeter {

    private LatencyMeter() {
    }

    /**
     * Calls {@code run} {@code warmup + runs} times and summarises the last {@code runs} results.
     *
     * @param run one inference; returns its elapsed nanoseconds
     * @throws IllegalArgumentException when {@code warmup < 0} or {@code runs < 1}
     */
    public static TrainingBackend.Latency measure(int warmup, int runs, LongSupplier run) {
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("latency needs warmup >= 0 and runs >= 1, got " + warmup + " and "
                    + runs);
        }
        double[] milliseconds = new double[runs];
        for (int index = -warmup; index < runs; index++) {
            long elapsed = run.getAsLong();
            if (index >= 0) {
                milliseconds[index] = elapsed / 1e6;
            }
        }
        return summarise(milliseconds);
    }

    /** The median and the 90th percentile (nearest rank, at least the median) of some timings in milliseconds. */
    public static TrainingBackend.Latency summarise(double[] milliseconds) {
        if (milliseconds.length == 0) {
            throw new IllegalArgumentException("no timings to summarise");
        }
        double[] sorted = milliseconds.clone();
        Arrays.sort(sorted);
        int runs = sorted.length;
        double median = runs % 2 == 1
                ? sorted[runs / 2]
                : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        double p90 = sorted[(int) Math.ceil(0.9 * runs) - 1];
        return new TrainingBackend.Latency(median, Math.max(p90, median));
    }
}
