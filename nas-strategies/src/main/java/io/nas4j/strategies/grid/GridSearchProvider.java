package io.nas4j.strategies.grid;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;

import java.math.BigInteger;
import java.util.Set;

/**
 * {@code grid}: exhaustive lazy enumeration. Settings: {@code order} ({@code shuffled}, the default, or
 * {@code sequential}), {@code max-size} (default 1,000,000: larger spaces are refused).
 */
public final class GridSearchProvider implements StrategyProvider {

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public String description() {
        return "every architecture once, in a seeded shuffled or sequential order";
    }

    @Override
    public Set<String> settings() {
        return Set.of("order", "max-size");
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        context.settings().requireKnown(name(), settings());
        String order = context.settings().text("order", "shuffled");
        if (!order.equals("shuffled") && !order.equals("sequential")) {
            throw new IllegalArgumentException("strategy setting order must be shuffled or sequential, got " + order);
        }
        String limit = context.settings().text("max-size", "1000000");
        BigInteger maxSize;
        try {
            maxSize = new BigInteger(limit.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strategy setting max-size must be a whole number, got " + limit);
        }
        if (maxSize.signum() <= 0) {
            throw new IllegalArgumentException("strategy setting max-size must be positive, got " + limit);
        }
        return new GridSearch<>(context.space(), context.random(), order.equals("shuffled"), maxSize);
    }
}
