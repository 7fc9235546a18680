package io.nas4j.strategies.random;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RandomSearchTest {

    private final CellSpace space = new CellSpace();

    private SearchStrategy<CellGenome> create(long seed, Map<String, ?> settings) {
        return new RandomSearchProvider().create(new StrategyContext<>(space, List.of(Objective.maximize("accuracy")),
                seed, StrategySettings.of(settings)));
    }

    @Test
    void isFoundByNameThroughTheServiceLoader() {
        assertThat(Strategies.installed().get("random")).isInstanceOf(RandomSearchProvider.class);
    }

    @Test
    void proposesTheSameGenomesForTheSameSeed() {
        assertThat(create(5, Map.of()).ask(50)).isEqualTo(create(5, Map.of()).ask(50));
        assertThat(create(5, Map.of()).ask(50)).isNotEqualTo(create(6, Map.of()).ask(50));
    }

    @Test
    void neverRepeatsANetworkWhileUnseenOnesRemain() {
        Set<String> keys = new HashSet<>();
        for (Proposal<CellGenome> proposal : create(1, Map.of()).ask(2_000)) {
            keys.add(space.key(proposal.genome()));
        }
        assertThat(keys).hasSize(2_000);
    }

    @Test
    void proposesEveryNetworkOfASmallSpaceOnceAndThenStops() {
        Set<String> networks = new HashSet<>();
        for (int index = 0; index < space.size().intValueExact(); index++) {
            networks.add(space.key(space.at(BigInteger.valueOf(index))));
        }
        SearchStrategy<CellGenome> strategy = create(1, Map.of());

        List<String> proposed = new ArrayList<>();
        for (int round = 0; round < 100 && !strategy.exhausted(); round++) {
            strategy.ask(500).forEach(proposal -> proposed.add(space.key(proposal.genome())));
        }

        assertThat(proposed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(networks);
        assertThat(strategy.exhausted()).isTrue();
        assertThat(strategy.ask(3)).isEmpty();
    }

    @Test
    void withRepeatsAllowedItNeverStops() {
        SearchStrategy<CellGenome> strategy = create(2, Map.of("unique", false));

        assertThat(strategy.ask(20_000)).hasSize(20_000);
        assertThat(strategy.exhausted()).isFalse();
    }

    @Test
    void rejectsAnUnknownSettingNamingTheAllowedOnes() {
        assertThatThrownBy(() -> create(1, Map.of("uniqe", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("strategy random has no setting uniqe; allowed: max-retries, unique");
    }
}
