package io.nas4j.strategies.predictor;

import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.StrategyConformance;
import io.nas4j.strategies.random.RandomSearchProvider;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BananasTest extends StrategyConformance {

    @Override
    protected StrategyProvider provider() {
        return new BananasProvider();
    }

    @Override
    protected Map.Entry<String, Object> outOfRangeSetting() {
        return Map.entry("ensemble", 0);
    }

    @Test
    void findsBetterNetworksThanRandomSearchInTheSameNumberOfTrials() {
        double model = meanRegret(runs(provider(), StrategySettings.empty(), 8, seed -> 60));
        double random = meanRegret(runs(new RandomSearchProvider(), StrategySettings.empty(), 8, seed -> 60));
        assertThat(model).as("regret against random search's %s", random).isLessThan(random * 0.35);
    }

    @Test
    void neverProposesTheSameNetworkTwice() {
        Set<String> keys = new HashSet<>();
        for (String proposal : drive(create(SEED), 100)) {
            assertThat(keys.add(proposal)).as("repeated %s", proposal).isTrue();
        }
    }

    @Test
    void rejectsMalformedLayerWidthsNamingTheSetting() {
        assertThatThrownBy(() -> create(SEED, StrategySettings.of(Map.of("hidden", "32,zero"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden");
    }
}
