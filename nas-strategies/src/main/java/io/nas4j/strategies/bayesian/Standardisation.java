package io.nas4j.strategies.bayesian;

/**
 * Centring and scaling of targets to mean 0 and standard deviation 1, so that one hyperparameter grid and
 * one acquisition scale suit every metric (accuracy in percent, in fractions, negated latency).
 *
 * @param mean  the targets' mean
 * @param scale their standard deviation, or 1 when they are all equal
 */
public record Standardisation(double mean, double scale) {

    public static Standardisation of(double[] values) {
        double mean = 0;
        for (double value : values) {
            mean += value;
        }
        mean /= values.length;
        double variance = 0;
        for (double value : values) {
            variance += (value - mean) * (value - mean);
        }
        double deviation = Math.sqrt(variance / values.length);
        return new Standardisation(mean, deviation > 0 ? deviation : 1);
    }

    public double apply(double value) {
        return (value - mean) / scale;
    }

    public double[] apply(double[] values) {
        double[] standardised = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            standardised[i] = apply(values[i]);
        }
        return standardised;
    }
}
