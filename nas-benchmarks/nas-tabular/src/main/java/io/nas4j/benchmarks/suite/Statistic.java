package io.nas4j.benchmarks.suite;

/**
 * Mean and standard deviation of a value over runs. The deviation is the population one (divisor n, as
 * numpy's default and the published NAS-Bench-201 tables use). Both are NaN when a run has no value.
 */
public record Statistic(double mean, double std) {

    /** The statistic of {@code values}; NaN when empty or when any value is NaN. */
    public static Statistic of(double[] values) {
        if (values.length == 0) {
            return new Statistic(Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new Statistic(mean, Math.sqrt(squares / values.length));
    }
}
