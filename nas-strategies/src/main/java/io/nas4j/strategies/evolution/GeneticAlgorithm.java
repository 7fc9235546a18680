package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A generational genetic algorithm with elitism.
 *
 * <p>The first generation is {@code population} random genomes. Each later generation holds the
 * {@code elitism} best genomes evaluated so far, carried over without being evaluated again, and
 * {@code population - elitism} children: two parents chosen by tournament from the previous generation
 * (its evaluated members and its elites), crossed over with probability {@code crossoverRate}, mutated with
 * probability {@code mutationRate}. A child whose network was already proposed is mutated again until it
 * is new, so trials are not spent twice on one network.
 *
 * <p>A generation is bred once the previous generation's outcomes are all told. But {@link #ask} never
 * waits: when it needs a proposal and every child of the generation has been proposed
 * while some are still being evaluated, the next generation is bred at once from what is known (the
 * members told so far and the elites). An outcome that arrives after its generation was superseded joins
 * the generation then being evaluated, so it still competes for parenthood and for elitism. While nothing
 * at all is known yet, breeding is random sampling.
 */
public final class GeneticAlgorithm<G extends Genome> extends Generational<G> {

    private final Objective objective;
    private final int elitism;
    private final TournamentSelection selection;

    /** Members of the generation being evaluated that have been told, in the order they were told. */
    private final List<Individual<G>> generation = new ArrayList<>();
    /** The best individuals evaluated so far, fittest first, at most {@code elitism} of them. */
    private final List<Individual<G>> elites = new ArrayList<>();
    private int generations;

    /**
     * @param population    genomes per generation, at least 2
     * @param tournament    tournament size, at least 1
     * @param crossoverRate chance of crossover per child
     * @param mutationRate  chance of mutation per child
     * @param elitism       best genomes carried into each generation, in {@code [0, population)}
     */
    public GeneticAlgorithm(SearchSpace<G> space, Objective objective, RandomGenerator random, int population,
                            int tournament, double crossoverRate, double mutationRate, int elitism) {
        super(space, random, population, crossoverRate, mutationRate);
        if (elitism < 0 || elitism >= population) {
            throw new IllegalArgumentException("elitism must be in [0, " + (population - 1) + "], got " + elitism);
        }
        this.objective = objective;
        this.elitism = elitism;
        this.selection = new TournamentSelection(tournament);
    }

    @Override
    public void tell(Observation<G> observation) {
        Individual<G> individual = new Individual<>(observation.genome(), space.key(observation.genome()),
                Fitness.of(observation, objective));
        generation.add(individual);
        admitElite(individual);
    }

    /** How many generations have been bred after the random first one. */
    public int generations() {
        return generations;
    }

    @Override
    void breed() {
        List<Individual<G>> parents = parents();
        for (int i = 0; i < population - elitism; i++) {
            G child;
            if (parents.isEmpty()) {
                child = randomNew();
            } else {
                G first = selection.select(parents, Individual.fitterFirst(), random).genome();
                G second = selection.select(parents, Individual.fitterFirst(), random).genome();
                child = childOf(first, second);
            }
            addChild(child);
        }
        generation.clear();
        generations++;
    }

    /** The elites and the told members of the generation, each network once. */
    private List<Individual<G>> parents() {
        Map<String, Individual<G>> byKey = new LinkedHashMap<>();
        for (Individual<G> elite : elites) {
            byKey.put(elite.key(), elite);
        }
        for (Individual<G> member : generation) {
            byKey.putIfAbsent(member.key(), member);
        }
        return new ArrayList<>(byKey.values());
    }

    private void admitElite(Individual<G> individual) {
        if (elitism == 0) {
            return;
        }
        for (Individual<G> elite : elites) {
            if (elite.key().equals(individual.key())) {
                return;
            }
        }
        elites.add(individual);
        // A stable sort keeps the earlier of two equally fit individuals ahead.
        elites.sort(Individual.fitterFirst());
        if (elites.size() > elitism) {
            elites.remove(elites.size() - 1);
        }
    }
}
