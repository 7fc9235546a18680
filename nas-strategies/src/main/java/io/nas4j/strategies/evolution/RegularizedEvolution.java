package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
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
 * Regularized (aging) evolution, Real et al. 2019, "Regularized Evolution for Image Classifier
 * Architecture Search".
 *
 * <p>The population is the {@code population} most recently told genomes, in the order their outcomes
 * arrived; when a new outcome arrives the oldest member dies, whatever its fitness. Aging rather than
 * killing the worst is what regularises: a genome survives only through children that keep scoring well,
 * so one lucky noisy evaluation cannot anchor the search. The first {@code population} proposals are
 * uniform random; every later one mutates the fittest of {@code sample} members drawn at random from the
 * current population (tournament selection), mutating again until the network is new when it can. A FAILED
 * outcome enters the population as the worst member: it is never chosen as a parent unless every member
 * drawn failed, and it ages out like the others. Until some outcome is known, proposals stay random.
 */
public final class RegularizedEvolution<G extends Genome> implements SearchStrategy<G> {

    /** Attempts at a child not proposed before; a repeat after that is cheaper than a stalled search. */
    private static final int RETRIES = 50;

    private final SearchSpace<G> space;
    private final Objective objective;
    private final RandomGenerator random;
    private final int population;
    private final TournamentSelection selection;
    private final Variation<G> variation;

    private final Set<String> proposed = new HashSet<>();
    /** Oldest first. */
    private final List<Individual<G>> members = new ArrayList<>();
    private int randomLeft;

    /**
     * @param population how many of the latest outcomes form the population, at least 1
     * @param sample     tournament size, in {@code [1, population]}
     */
    public RegularizedEvolution(SearchSpace<G> space, Objective objective, RandomGenerator random, int population,
                                int sample) {
        if (population < 1) {
            throw new IllegalArgumentException("population must be at least 1, got " + population);
        }
        if (sample < 1 || sample > population) {
            throw new IllegalArgumentException("sample must be in [1, " + population + "], got " + sample);
        }
        this.space = space;
        this.objective = objective;
        this.random = random;
        this.population = population;
        this.selection = new TournamentSelection(sample);
        this.variation = new Variation<>(space, 0, 1, RETRIES);
        this.randomLeft = population;
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            G genome;
            if (randomLeft > 0 || members.isEmpty()) {
                randomLeft = Math.max(0, randomLeft - 1);
                genome = variation.sample(proposed::contains, random);
            } else {
                G parent = selection.select(members, Individual.fitterFirst(), random).genome();
                genome = variation.mutant(parent, proposed::contains, random);
            }
            proposed.add(space.key(genome));
            proposals.add(Proposal.full(genome));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        members.add(new Individual<>(observation.genome(), space.key(observation.genome()),
                Fitness.of(observation, objective)));
        if (members.size() > population) {
            members.remove(0);
        }
    }

    /** The current population's genomes, oldest first. */
    public List<G> population() {
        return members.stream().map(Individual::genome).toList();
    }
}
