package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/** Uniform samples from the space, avoiding networks already tried while the space has others. */
final class UniformSampler<G extends Genome> implements ConfigurationSampler<G> {

    /** Draws before a repeat is accepted (nearly exhausted spaces). */
    static final int RETRIES = 100;

    private final SearchSpace<G> space;
    private final RandomGenerator random;

    UniformSampler(SearchSpace<G> space, RandomGenerator random) {
        this.space = Objects.requireNonNull(space, "space");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public G next(Predicate<String> tried) {
        G sample = space.sample(random);
        for (int retry = 0; retry < RETRIES && tried.test(space.key(sample)); retry++) {
            sample = space.sample(random);
        }
        return sample;
    }

    @Override
    public void observe(G genome, int rung, double score) {
        // uniform sampling does not learn
    }
}
