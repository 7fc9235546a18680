package io.nas4j.strategies.bayesian;

/** The standard normal distribution's density and distribution function, for acquisition functions. */
final class Normal {

    private static final double INVERSE_SQRT_2PI = 1 / StrictMath.sqrt(2 * Math.PI);

    private Normal() {
    }

    static double density(double z) {
        return INVERSE_SQRT_2PI * StrictMath.exp(-z * z / 2);
    }

    /** Φ(z) through the complementary error function, accurate in relative terms in both tails. */
    static double distribution(double z) {
        return complementaryError(-z / StrictMath.sqrt(2)) / 2;
    }

    /**
     * erfc(x) by the Chebyshev fit of Numerical Recipes (fractional error below 1.2e-7 everywhere), which
     * stays accurate far in the tail where {@code 1 - erf(x)} would cancel.
     */
    private static double complementaryError(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + z / 2);
        double value = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? value : 2 - value;
    }
}
