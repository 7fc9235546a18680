package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;

import java.util.Comparator;

/**
 * A survivor of NSGA-II's environmental selection with its place in the population.
 *
 * @param member   the evaluated genome
 * @param rank     its non-domination front, 0 for the best; unmeasured members rank after every front
 * @param crowding its crowding distance within its front; larger is lonelier and preferred
 */
record RankedMember<G extends Genome>(Member<G> member, int rank, double crowding) {

    /** The crowded-comparison order of NSGA-II: lower rank first, then larger crowding distance. */
    static <G extends Genome> Comparator<RankedMember<G>> crowdedOrder() {
        return Comparator.<RankedMember<G>>comparingInt(RankedMember::rank)
                .thenComparing(Comparator.<RankedMember<G>>comparingDouble(RankedMember::crowding).reversed());
    }
}
