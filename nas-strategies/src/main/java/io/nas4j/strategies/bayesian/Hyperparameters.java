package io.nas4j.strategies.bayesian;

/**
 * The hyperparameters of a Gaussian process with covariance
 * {@code amplitude * ((1 - linearShare) k(x, x') + linearShare x.x' / s + noise * [x = x'])}, where {@code k} is
 * the stationary kernel and {@code s} the mean squared norm of the training inputs.
 *
 * @param lengthScale the kernel's length scale, in encoding distance units; positive
 * @param noise       the observation noise variance relative to the amplitude; at least 0
 * @param amplitude   the prior variance of the function; positive
 * @param linearShare the share of the linear kernel, in [0, 1]: 0 for the stationary kernel alone, 1 for
 *                    Bayesian linear regression on the encoding
 */
public record Hyperparameters(double lengthScale, double noise, double amplitude, double linearShare) {

    public Hyperparameters {
        if (!(lengthScale > 0) || !(noise >= 0) || !(amplitude > 0) || !(linearShare >= 0 && linearShare <= 1)) {
            throw new IllegalArgumentException("need lengthScale > 0, noise >= 0, amplitude > 0 and linearShare in "
                    + "[0, 1], got " + lengthScale + ", " + noise + ", " + amplitude + ", " + linearShare);
        }
    }

    /** The stationary kernel alone. */
    public Hyperparameters(double lengthScale, double noise, double amplitude) {
        this(lengthScale, noise, amplitude, 0);
    }
}
