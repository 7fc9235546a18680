package io.nas4j.core.search;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.space.SearchSpace;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What a strategy is created with: the space, the objectives (the first is the primary one for
 * single-objective strategies), the seed and the strategy's own settings.
 */
public record StrategyContext<G extends Genome>(SearchSpace<G> space, List<Objective> objectives, long seed,
                                                StrategySettings settings) {
    public StrategyContext {
        Objects.requireNonNull(space, "space");
        objectives = List.copyOf(objectives);
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("at least one objective is needed");
        }
        Objects.requireNonNull(settings, "settings");
    }

    public static <G extends Genome> StrategyContext<G> of(SearchSpace<G> space, Objective objective, long seed) {
        return new StrategyContext<>(space, List.of(objective), seed, StrategySettings.empty());
    }

    public Objective primary() {
        return objectives.get(0);
    }

    /**
     * A new generator seeded with {@link #seed()}, which every random choice of the strategy must come
     * from. Each call starts the same stream again: call it once and keep the generator.
     */
    public RandomGenerator random() {
        return new SplittableRandom(seed);
    }
}
