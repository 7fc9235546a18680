package io.nas4j.strategies.random;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random search: genomes drawn uniformly from the space. By default it does not propose a network it
 * has proposed before (by canonical key), since re-evaluating a known architecture wastes a trial; after
 * {@code maxRetries} draws that all repeat it proposes a repeat rather than stall. Outcomes teach it
 * nothing, which is what makes it the baseline every other strategy must beat.
 */
public final class RandomSearch<G extends Genome> implements SearchStrategy<G> {

    private final SearchSpace<G> space;
    private final RandomGenerator random;
    private final boolean unique;
    private final int maxRetries;
    private final Set<String> proposed = new HashSet<>();

    public RandomSearch(SearchSpace<G> space, RandomGenerator random, boolean unique, int maxRetries) {
        this.space = space;
        this.random = random;
        this.unique = unique;
        this.maxRetries = maxRetries;
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            G genome = space.sample(random);
            for (int retry = 0; unique && retry < maxRetries && proposed.contains(space.key(genome)); retry++) {
                genome = space.sample(random);
            }
            proposed.add(space.key(genome));
            proposals.add(Proposal.full(genome));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        // random search does not learn; the search loop keeps the incumbent
    }
}
