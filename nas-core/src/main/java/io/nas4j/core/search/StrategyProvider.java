package io.nas4j.core.search;

import io.nas4j.core.genome.Genome;

import java.util.Set;

/**
 * A named factory of strategies, found through {@link java.util.ServiceLoader} (file
 * {@code META-INF/services/io.nas4j.core.search.StrategyProvider}) or bound in Guice. Choosing a strategy is
 * a name in a configuration, never an import.
 */
public interface StrategyProvider {

    /** The CLI and configuration name, for example {@code regularized-evolution}. */
    String name();

    /** One line for {@code nas list}. */
    String description();

    /** The settings this strategy reads; others are rejected. */
    Set<String> settings();

    /** Whether the strategy optimises several objectives at once (returns a Pareto front). */
    default boolean multiObjective() {
        return false;
    }

    /**
     * A new strategy. Throws {@link IllegalArgumentException} naming the setting when a setting is
     * unknown or out of range.
     */
    <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context);
}
