package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.strategies.StrategyConformance;
import io.nas4j.strategies.random.RandomSearchProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every multi-fidelity strategy must also do: propose only its rung resources, and find better
 * networks than random search at full fidelity for the same total cost.
 */
abstract class MultiFidelityConformance extends StrategyConformance {

    /** Trials per run for the cost comparison: two brackets' worth or more. */
    protected abstract int trialsForCostComparison();

    @Override
    protected Map.Entry<String, Object> outOfRangeSetting() {
        return Map.entry("eta", 1);
    }

    @Test
    void proposesOnlyTheResourcesItWasGiven() {
        List<Double> fidelities = search(create(SEED, settings().with("resources", "3, 9, 27")),
                new InMemoryTrialStore(), 120, landscapeEstimator()).trials().stream()
                .map(TrialRecord::fidelity).toList();
        assertThat(fidelities).containsOnly(3.0, 9.0, 27.0).contains(3.0, 27.0);
    }

    @Test
    void findsBetterNetworksThanRandomSearchAtTheSameCost() {
        List<Run> strategy = runs(provider(), settings(), 8, seed -> trialsForCostComparison());
        // random search evaluates at full fidelity, 200 per trial: it gets the strategy's cost on each landscape
        List<Run> random = runs(new RandomSearchProvider(), StrategySettings.empty(), 8,
                seed -> (int) Math.floor(strategy.get((int) seed - 1).cost() / 200));
        assertThat(meanRegret(strategy)).isLessThan(meanRegret(random));
    }
}
