package io.nas4j.strategies.bayesian;

/**
 * Expected improvement over the incumbent, {@code E[max(f - incumbent, 0)]} under a normal posterior:
 * {@code (mean - incumbent) Φ(z) + deviation φ(z)} with {@code z = (mean - incumbent) / deviation}. It
 * needs no tuning, and it is the default because it trades exploration and exploitation by itself.
 */
public record ExpectedImprovement() implements Acquisition {

    @Override
    public double value(double mean, double deviation, double incumbent) {
        double improvement = mean - incumbent;
        if (!(deviation > 0)) {
            return Math.max(improvement, 0);
        }
        double z = improvement / deviation;
        // far below the incumbent the two terms cancel; rounding must not make the expectation negative
        return Math.max(0, improvement * Normal.distribution(z) + deviation * Normal.density(z));
    }
}
