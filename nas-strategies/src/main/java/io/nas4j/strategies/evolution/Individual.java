package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;

import java.util.Comparator;

/**
 * An evaluated genome of a single-objective population.
 *
 * @param genome  the architecture
 * @param key     its canonical key in the space
 * @param fitness its primary score, larger is better; negative infinity when it failed
 */
record Individual<G extends Genome>(G genome, String key, double fitness) {

    /** Fitter first. */
    static <G extends Genome> Comparator<Individual<G>> fitterFirst() {
        return (a, b) -> Double.compare(b.fitness, a.fitness);
    }
}
