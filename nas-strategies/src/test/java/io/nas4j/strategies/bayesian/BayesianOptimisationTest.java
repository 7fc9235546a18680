package io.nas4j.strategies.bayesian;

import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.StrategyConformance;
import io.nas4j.strategies.random.RandomSearchProvider;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BayesianOptimisationTest extends StrategyConformance {

    @Override
    protected StrategyProvider provider() {
        return new BayesianOptimisationProvider();
    }

    @Override
    protected Map.Entry<String, Object> outOfRangeSetting() {
        return Map.entry("initial", 0);
    }

    @Test
    void findsBetterNetworksThanRandomSearchInTheSameNumberOfTrials() {
        double model = meanRegret(runs(provider(), StrategySettings.empty(), 8, seed -> 60));
        double random = meanRegret(runs(new RandomSearchProvider(), StrategySettings.empty(), 8, seed -> 60));
        assertThat(model).as("regret against random search's %s", random).isLessThan(random * 0.35);
    }

    @Test
    void upperConfidenceBoundAlsoBeatsRandomSearch() {
        double model = meanRegret(runs(provider(), StrategySettings.of(Map.of("acquisition", "ucb")), 8, seed -> 60));
        double random = meanRegret(runs(new RandomSearchProvider(), StrategySettings.empty(), 8, seed -> 60));
        assertThat(model).isLessThan(random);
    }

    @Test
    void neverProposesTheSameNetworkTwice() {
        List<String> proposals = drive(create(SEED), 100);
        Set<String> keys = new HashSet<>();
        for (String proposal : proposals) {
            assertThat(keys.add(proposal)).as("repeated %s", proposal).isTrue();
        }
    }

    @Test
    void rejectsAnUnknownAcquisitionNamingTheAllowedOnes() {
        assertThatThrownBy(() -> create(SEED, StrategySettings.of(Map.of("acquisition", "pi"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acquisition").hasMessageContaining("ei, ucb");
    }
}
