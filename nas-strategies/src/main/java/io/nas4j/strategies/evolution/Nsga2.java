package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.search.Observation;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) over every objective of the search; with a single
 * objective it is an elitist genetic algorithm.
 *
 * <p>The first {@code population} proposals are random. Each later generation is {@code population}
 * children, each of two parents picked by binary tournament under the crowded-comparison order (lower
 * non-domination rank, then larger crowding distance), crossed over with probability
 * {@code crossoverRate} and mutated with probability {@code mutationRate} (again until the network is
 * new, when it can). The parents of a generation are the survivors of {@link EnvironmentalSelection}
 * over the previous parents and the children told since: elitist, so a non-dominated genome is lost only
 * to a better-spread one.
 *
 * <p>{@link #ask} never waits: once every child of a generation is proposed, the next generation is bred
 * from whatever children have been told by then, and children told later join the next selection. A
 * FAILED child, or one missing an objective's metric, ranks behind every measured genome.
 */
public final class Nsga2<G extends Genome> extends Generational<G> {

    private final List<Objective> objectives;
    private final TournamentSelection selection = new TournamentSelection(2);

    private final Set<String> archived = new HashSet<>();
    private final List<Member<G>> told = new ArrayList<>();
    /** Every measured genome, each network once, in the order told; the Pareto front is drawn from it. */
    private final List<Member<G>> archive = new ArrayList<>();
    private List<RankedMember<G>> parents = List.of();

    /**
     * @param objectives    every objective; scores are oriented so that larger is better
     * @param population    parents and children per generation, at least 2
     * @param crossoverRate chance of crossover per child
     * @param mutationRate  chance of mutation per child
     */
    public Nsga2(SearchSpace<G> space, List<Objective> objectives, RandomGenerator random, int population,
                 double crossoverRate, double mutationRate) {
        super(space, random, population, crossoverRate, mutationRate);
        this.objectives = List.copyOf(objectives);
    }

    @Override
    public void tell(Observation<G> observation) {
        Member<G> member = new Member<>(observation.genome(), space.key(observation.genome()),
                Fitness.vector(observation, objectives));
        told.add(member);
        if (member.measured() && archived.add(member.key())) {
            archive.add(member);
        }
    }

    /**
     * The non-dominated genomes among every outcome told so far (each network once, in the order told):
     * the Pareto front the search has found.
     */
    public List<G> paretoFront() {
        List<double[]> points = archive.stream().map(Member::scores).toList();
        return Pareto.front(points).stream().map(i -> archive.get(i).genome()).toList();
    }

    @Override
    void breed() {
        List<Member<G>> candidates = new ArrayList<>(parents.size() + told.size());
        for (RankedMember<G> parent : parents) {
            candidates.add(parent.member());
        }
        candidates.addAll(told);
        told.clear();
        parents = EnvironmentalSelection.select(candidates, population);
        for (int i = 0; i < population; i++) {
            G child;
            if (parents.isEmpty()) {
                child = randomNew();
            } else {
                G first = selection.select(parents, RankedMember.crowdedOrder(), random).member().genome();
                G second = selection.select(parents, RankedMember.crowdedOrder(), random).member().genome();
                child = childOf(first, second);
            }
            addChild(child);
        }
    }
}
