package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;

import java.util.function.Predicate;

/**
 * Where a multi-fidelity strategy's new configurations come from: uniformly at random (successive halving,
 * Hyperband) or from a model of the outcomes so far (BOHB).
 */
interface ConfigurationSampler<G extends Genome> {

    /**
     * A new configuration, one whose canonical key {@code tried} rejects when the space still has such
     * networks to offer.
     */
    G next(Predicate<String> tried);

    /**
     * Learns from an outcome.
     *
     * @param score the primary objective (larger is better), or NaN when the trial did not complete
     */
    void observe(G genome, int rung, double score);
}
