package io.nas4j.cli;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;

import java.util.List;
import java.util.Set;

/**
 * {@code broken}: a strategy whose {@code ask} throws, installed on the test class path only, so tests can
 * see how the command line reports a run that fails (status 1) as opposed to a usage error (status 2).
 */
public final class BrokenStrategyProvider implements StrategyProvider {

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public String description() {
        return "throws on its first proposal (tests only)";
    }

    @Override
    public Set<String> settings() {
        return Set.of();
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        return new SearchStrategy<>() {
            @Override
            public List<Proposal<G>> ask(int n) {
                throw new IllegalStateException("this strategy always fails");
            }

            @Override
            public void tell(Observation<G> observation) {
                // never reached: ask fails first
            }
        };
    }
}
