package io.nas4j.strategies.bayesian;

/**
 * The hyperparameters of a Gaussian process with covariance {@code amplitude * (k(x, x') + noise * [x = x'])}.
 *
 * @param lengthScale the kernel's length scale, in encoding distance units; positive
 * @param noise       the observation noise variance relative to the amplitude; at least 0
 * @param amplitude   the prior variance of the function; positive
 */
public record Hyperparameters(double lengthScale, double noise, double amplitude) {

    public Hyperparameters {
        if (!(lengthScale > 0) || !(noise >= 0) || !(amplitude > 0)) {
            throw new IllegalArgumentException("need lengthScale > 0, noise >= 0 and amplitude > 0, got "
                    + lengthScale + ", " + noise + ", " + amplitude);
        }
    }
}
