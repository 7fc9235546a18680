package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;

/**
 * An evaluated genome of a multi-objective population.
 *
 * @param genome the architecture
 * @param key    its canonical key in the space
 * @param scores one score per objective, larger is better; null when the trial failed or lacked a metric
 */
record Member<G extends Genome>(G genome, String key, double[] scores) {

    boolean measured() {
        return scores != null;
    }
}
