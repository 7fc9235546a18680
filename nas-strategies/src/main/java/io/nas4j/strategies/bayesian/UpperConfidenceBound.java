package io.nas4j.strategies.bayesian;

/**
 * Upper confidence bound {@code mean + kappa * deviation}: optimism in the face of uncertainty, with
 * {@code kappa} setting how much.
 *
 * @param kappa the weight of the deviation, at least 0
 */
public record UpperConfidenceBound(double kappa) implements Acquisition {

    public UpperConfidenceBound {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("strategy setting kappa must be a finite number >= 0, got " + kappa);
        }
    }

    @Override
    public double value(double mean, double deviation, double incumbent) {
        return mean + kappa * deviation;
    }
}
