package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;

import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Makes new genomes from old ones through the space's own operators: single-point crossover
 * ({@link SearchSpace#crossover}) and a one-edit mutation ({@link SearchSpace#mutate}, which for a
 * variable-length space includes adding and removing layers).
 *
 * <p>A trial spent on a network already evaluated teaches nothing, so every operator here returns a
 * genome whose canonical key is not {@code seen} when it can: it mutates again (from the parent first,
 * then walking further away) and only after {@code retries} tries of each kind gives back a repeat.
 *
 * @param space          the space whose operators are used
 * @param crossoverRate  chance that a child is a crossover of two parents rather than a copy of the first
 * @param mutationRate   chance that a child is mutated (a child identical to a seen genome always is)
 * @param retries        attempts at a new genome before a repeat is accepted
 */
record Variation<G extends Genome>(SearchSpace<G> space, double crossoverRate, double mutationRate, int retries) {

    Variation {
        if (!(crossoverRate >= 0 && crossoverRate <= 1) || !(mutationRate >= 0 && mutationRate <= 1)) {
            throw new IllegalArgumentException("crossover and mutation rates must be in [0, 1], got "
                    + crossoverRate + " and " + mutationRate);
        }
        if (retries < 1) {
            throw new IllegalArgumentException("retries must be at least 1, got " + retries);
        }
    }

    /** A child of two parents: crossover with {@code crossoverRate}, mutation with {@code mutationRate}. */
    G child(G first, G second, Predicate<String> seen, RandomGenerator random) {
        G child = random.nextDouble() < crossoverRate ? space.crossover(first, second, random) : first;
        if (random.nextDouble() < mutationRate || seen.test(space.key(child))) {
            return mutant(child, seen, random);
        }
        return child;
    }

    /** A one-edit mutation of {@code parent} not yet seen, or a further walk when every edit is seen. */
    G mutant(G parent, Predicate<String> seen, RandomGenerator random) {
        G candidate = parent;
        for (int attempt = 0; attempt < retries; attempt++) {
            candidate = space.mutate(parent, random);
            if (!seen.test(space.key(candidate))) {
                return candidate;
            }
        }
        for (int attempt = 0; attempt < retries; attempt++) {
            candidate = space.mutate(candidate, random);
            if (!seen.test(space.key(candidate))) {
                return candidate;
            }
        }
        return candidate;
    }

    /** A uniform sample not yet seen, or a repeat after {@code retries} draws. */
    G sample(Predicate<String> seen, RandomGenerator random) {
        G candidate = space.sample(random);
        for (int attempt = 1; attempt < retries && seen.test(space.key(candidate)); attempt++) {
            candidate = space.sample(random);
        }
        return candidate;
    }
}
