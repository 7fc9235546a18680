package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;

import java.util.Set;

/**
 * {@code nsga2}: NSGA-II ({@link Nsga2}) over all the search's objectives. Settings, with their defaults:
 * <ul>
 *   <li>{@code population} (20, in [2, 100000]): parents kept and children bred per generation;</li>
 *   <li>{@code crossover-rate} (0.5, in [0, 1]): chance a child is a single-point crossover of two parents;</li>
 *   <li>{@code mutation-rate} (0.5, in [0, 1]): chance a child gets one random edit (a child that repeats a
 *       known network always does).</li>
 * </ul>
 *
 * <p>The population is also the number of trade-offs the front can hold, so it is not made smaller for
 * short budgets: on NAS-Bench-201 with one objective a population of 10 would gain about 0.2 points of
 * test accuracy at 50 trials, but would keep only 10 points of a front.
 */
public final class Nsga2Provider implements StrategyProvider {

    @Override
    public String name() {
        return "nsga2";
    }

    @Override
    public String description() {
        return "NSGA-II: non-dominated sorting and crowding distance over every objective";
    }

    @Override
    public Set<String> settings() {
        return Set.of("population", "crossover-rate", "mutation-rate");
    }

    @Override
    public boolean multiObjective() {
        return true;
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        StrategySettings settings = context.settings();
        settings.requireKnown(name(), settings());
        int population = SettingRanges.integer(settings, "population", 20, 2, 100_000);
        double crossover = SettingRanges.probability(settings, "crossover-rate", 0.5);
        double mutation = SettingRanges.probability(settings, "mutation-rate", 0.5);
        return new Nsga2<>(context.space(), context.objectives(), context.random(), population, crossover, mutation);
    }
}
