package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The proposing half of a generational evolutionary strategy: the first {@code population} proposals
 * are random networks not proposed before; after that, children of a generation bred by the subclass,
 * one generation at a time whenever the previous one has been handed out. {@link #ask} never waits for
 * outcomes; how a generation is bred from what has been told is the subclass's business.
 */
abstract class Generational<G extends Genome> implements SearchStrategy<G> {

    /** Attempts at a child not proposed before; a repeat after that is cheaper than a stalled search. */
    static final int RETRIES = 50;

    final SearchSpace<G> space;
    final RandomGenerator random;
    final int population;
    final Variation<G> variation;

    /** Canonical keys of every network proposed or bred, so that none is proposed twice while avoidable. */
    private final Set<String> proposed = new HashSet<>();
    private final Deque<G> children = new ArrayDeque<>();
    private int randomLeft;

    Generational(SearchSpace<G> space, RandomGenerator random, int population, double crossoverRate,
                 double mutationRate) {
        if (population < 2) {
            throw new IllegalArgumentException("population must be at least 2, got " + population);
        }
        this.space = space;
        this.random = random;
        this.population = population;
        this.variation = new Variation<>(space, crossoverRate, mutationRate, RETRIES);
        this.randomLeft = population;
    }

    @Override
    public final List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            G genome;
            if (randomLeft > 0) {
                randomLeft--;
                genome = randomNew();
                proposed.add(space.key(genome));
            } else {
                if (children.isEmpty()) {
                    breed();
                }
                genome = children.poll();
            }
            proposals.add(Proposal.full(genome));
        }
        return proposals;
    }

    /** Breeds the next generation, adding every child through {@link #addChild}. */
    abstract void breed();

    /** A random network not proposed before, where one can be found within the retries. */
    final G randomNew() {
        return variation.sample(proposed::contains, random);
    }

    /** A child of two parents not proposed before, where one can be found within the retries. */
    final G childOf(G first, G second) {
        return variation.child(first, second, proposed::contains, random);
    }

    /** Queues a bred child; marking it at once keeps one generation free of duplicates too. */
    final void addChild(G child) {
        proposed.add(space.key(child));
        children.add(child);
    }
}
