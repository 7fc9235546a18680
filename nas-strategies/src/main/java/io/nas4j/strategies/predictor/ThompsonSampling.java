package io.nas4j.strategies.predictor;

import io.nas4j.strategies.bayesian.Acquisition;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Independent Thompson sampling (BANANAS' default): each candidate's value is one draw from a normal
 * distribution with the ensemble's mean and deviation there, so candidates are ranked by a plausible
 * outcome rather than by a fixed optimism. Draws come from the strategy's seeded generator in candidate
 * order, which keeps proposals reproducible.
 */
public final class ThompsonSampling implements Acquisition {

    private final RandomGenerator random;

    public ThompsonSampling(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public double value(double mean, double deviation, double incumbent) {
        return mean + deviation * random.nextGaussian();
    }
}
