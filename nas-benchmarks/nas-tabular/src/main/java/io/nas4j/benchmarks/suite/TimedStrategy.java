package io.nas4j.benchmarks.suite;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;

import java.util.List;
import java.util.Objects;

/**
 * A strategy that measures the time spent inside the strategy it wraps ({@code ask}, {@code tell},
 * {@code exhausted}), so a suite can report a strategy's own overhead apart from evaluation and
 * bookkeeping. Single-threaded, like the strategies it wraps.
 */
final class TimedStrategy<G extends Genome> implements SearchStrategy<G> {

    private final SearchStrategy<G> strategy;
    private long nanos;

    TimedStrategy(SearchStrategy<G> strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /** Nanoseconds spent in the wrapped strategy so far. */
    long nanos() {
        return nanos;
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        long start = System.nanoTime();
        try {
            return strategy.ask(n);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    @Override
    public void tell(Observation<G> observation) {
        long start = System.nanoTime();
        try {
            strategy.tell(observation);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    @Override
    public boolean exhausted() {
        long start = System.nanoTime();
        try {
            return strategy.exhausted();
        } finally {
            nanos += System.nanoTime() - start;
        }
    }
}
