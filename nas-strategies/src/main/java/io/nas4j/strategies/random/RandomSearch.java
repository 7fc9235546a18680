package io.nas4j.strategies.random;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random search: genomes drawn uniformly from the space. By default it does not propose a network it
 * has proposed before (by canonical key), since re-evaluating a known architecture wastes a trial. When
 * {@code maxRetries} draws in a row all repeat, the space is nearly used up: one of at most
 * {@value #MAX_ENUMERATED} genomes is then enumerated, its unproposed networks shuffled and proposed in that
 * order, and once none is left the strategy is {@link #exhausted()} and the search stops at the number of
 * networks the space holds; a larger space proposes a repeat instead (it is far from used up). Outcomes teach
 * it nothing, which is what makes it the baseline every other strategy must beat.
 */
public final class RandomSearch<G extends Genome> implements SearchStrategy<G> {

    /** The most genomes a space may hold for its unproposed networks to be listed once draws keep repeating. */
    static final int MAX_ENUMERATED = 1 << 20;

    private final SearchSpace<G> space;
    private final RandomGenerator random;
    private final boolean unique;
    private final int maxRetries;
    private final Set<String> proposed = new HashSet<>();
    /** Once draws keep repeating in a small space: its unproposed networks, in a random order; else null. */
    private List<G> remaining;
    private int next;
    private boolean exhausted;

    public RandomSearch(SearchSpace<G> space, RandomGenerator random, boolean unique, int maxRetries) {
        this.space = space;
        this.random = random;
        this.unique = unique;
        this.maxRetries = maxRetries;
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n && !exhausted; i++) {
            G genome = remaining == null ? draw() : null;
            if (genome == null) {
                genome = nextRemaining();
                if (genome == null) {
                    exhausted = true;
                    break;
                }
            }
            proposed.add(space.key(genome));
            proposals.add(Proposal.full(genome));
        }
        return proposals;
    }

    /** A uniform draw, new unless {@code maxRetries} more draws all repeated; null when the space can be listed instead. */
    private G draw() {
        G genome = space.sample(random);
        for (int retry = 0; unique && retry < maxRetries && proposed.contains(space.key(genome)); retry++) {
            genome = space.sample(random);
        }
        if (!unique || !proposed.contains(space.key(genome))
                || space.size().compareTo(BigInteger.valueOf(MAX_ENUMERATED)) > 0) {
            return genome;
        }
        remaining = unproposed();
        return null;
    }

    private G nextRemaining() {
        while (next < remaining.size()) {
            G genome = remaining.get(next++);
            if (!proposed.contains(space.key(genome))) {
                return genome;
            }
        }
        return null;
    }

    /** One genome of every network not proposed yet, shuffled with the strategy's random source. */
    private List<G> unproposed() {
        List<G> genomes = new ArrayList<>();
        Set<String> listed = new HashSet<>(proposed);
        int size = space.size().intValueExact();
        for (int index = 0; index < size; index++) {
            G genome = space.at(BigInteger.valueOf(index));
            if (listed.add(space.key(genome))) {
                genomes.add(genome);
            }
        }
        for (int i = genomes.size() - 1; i > 0; i--) {
            Collections.swap(genomes, i, random.nextInt(i + 1));
        }
        return genomes;
    }

    @Override
    public void tell(Observation<G> observation) {
        // random search does not learn; the search loop keeps the incumbent
    }

    @Override
    public boolean exhausted() {
        return exhausted;
    }
}
