package io.nas4j.strategies.random;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;

import java.util.Set;

/**
 * {@code random}: uniform sampling. Settings: {@code unique} (default true: skip networks already
 * proposed, and stop once a space of up to a million genomes has none left), {@code max-retries} (default 100
 * draws before the space is taken to be nearly used up: a small one is then listed, a large one repeats).
 *
 * <p>It ranks nothing, so it serves several objectives as well as one: the search keeps the Pareto front of
 * what it drew, the baseline a multi-objective strategy has to beat.
 */
public final class RandomSearchProvider implements StrategyProvider {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "uniform random sampling without repeats (the baseline)";
    }

    @Override
    public Set<String> settings() {
        return Set.of("unique", "max-retries");
    }

    @Override
    public boolean multiObjective() {
        return true;
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        context.settings().requireKnown(name(), settings());
        int retries = context.settings().integer("max-retries", 100);
        if (retries < 0) {
            throw new IllegalArgumentException("strategy setting max-retries must be at least 0, got " + retries);
        }
        return new RandomSearch<>(context.space(), context.random(), context.settings().flag("unique", true), retries);
    }
}
