package io.nas4j.strategies.grid;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GridSearchTest {

    private final MacroSpace space = new MacroSpace();

    private SearchStrategy<MacroGenome> create(long seed, Map<String, ?> settings) {
        return new GridSearchProvider().create(new StrategyContext<>(space, List.of(Objective.maximize("accuracy")),
                seed, StrategySettings.of(settings)));
    }

    private static List<String> keys(List<Proposal<MacroGenome>> proposals) {
        List<String> keys = new ArrayList<>();
        for (Proposal<MacroGenome> proposal : proposals) {
            keys.add(proposal.genome().key());
        }
        return keys;
    }

    @Test
    void enumeratesEveryNetworkExactlyOnceAndThenStops() {
        SearchStrategy<MacroGenome> grid = create(3, Map.of());
        List<String> keys = new ArrayList<>();
        while (!grid.exhausted()) {
            keys.addAll(keys(grid.ask(1000)));
        }
        Set<String> distinct = new HashSet<>(keys);
        assertThat(keys).hasSize(6_561);
        assertThat(distinct).hasSize(6_561);
        assertThat(grid.ask(5)).isEmpty();
    }

    @Test
    void shuffledOrderDependsOnlyOnTheSeed() {
        assertThat(keys(create(3, Map.of()).ask(100))).isEqualTo(keys(create(3, Map.of()).ask(100)));
        assertThat(keys(create(3, Map.of()).ask(100))).isNotEqualTo(keys(create(4, Map.of()).ask(100)));
    }

    @Test
    void sequentialOrderFollowsTheSpaceNumbering() {
        assertThat(keys(create(3, Map.of("order", "sequential")).ask(4)))
                .containsExactly("00000000", "00000001", "00000002", "00000010");
    }

    @Test
    void refusesASpaceLargerThanItsLimit() {
        assertThatThrownBy(() -> create(1, Map.of("max-size", 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6561 architectures")
                .hasMessageContaining("restrict the space's dimensions or raise max-size");
    }

    @Test
    void rejectsAnUnknownOrder() {
        assertThatThrownBy(() -> create(1, Map.of("order", "backwards")))
                .hasMessage("strategy setting order must be shuffled or sequential, got backwards");
    }
}
