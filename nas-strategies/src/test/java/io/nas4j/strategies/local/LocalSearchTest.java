package io.nas4j.strategies.local;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.AskTellContract;
import io.nas4j.strategies.Landscape;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Local search in its default first-improvement mode, and what holds in both modes. */
class LocalSearchTest extends AskTellContract {

    @Override
    protected StrategyProvider provider() {
        return new LocalSearchProvider();
    }

    static LocalSearch<CellGenome> localSearch(Landscape landscape, ImprovementMode mode, int initial) {
        return new LocalSearch<>(landscape.space(), Objective.maximize(Landscape.METRIC), new SplittableRandom(1), mode,
                initial);
    }

    /** The keys of the networks one edit away from {@code cell}, other than the cell's own network. */
    static Set<String> neighbourKeys(Landscape landscape, CellGenome cell) {
        Set<String> keys = new HashSet<>();
        for (CellGenome neighbour : landscape.space().neighbours(cell)) {
            keys.add(landscape.space().key(neighbour));
        }
        keys.remove(landscape.space().key(cell));
        return keys;
    }

    @Test
    void climbsFromTheBestInitialSample() {
        Landscape landscape = new Landscape(1);
        LocalSearch<CellGenome> search = localSearch(landscape, ImprovementMode.FIRST_IMPROVEMENT, 5);
        CellGenome best = null;
        for (int i = 0; i < 5; i++) {
            CellGenome genome = search.ask().genome();
            search.tell(complete(landscape, genome, i));
            if (best == null || landscape.value(genome) > landscape.value(best)) {
                best = genome;
            }
        }
        assertThat(neighbourKeys(landscape, best)).contains(landscape.space().key(search.ask().genome()));
    }

    @Test
    void aBatchIsTheNextNeighboursOfTheCurrentGenome() {
        Landscape landscape = new Landscape(1);
        LocalSearch<CellGenome> search = localSearch(landscape, ImprovementMode.FIRST_IMPROVEMENT, 1);
        CellGenome start = search.ask().genome();
        search.tell(complete(landscape, start, 0));
        List<Proposal<CellGenome>> batch = search.ask(4);
        assertThat(batch).hasSize(4);
        assertThat(neighbourKeys(landscape, start))
                .containsAll(batch.stream().map(p -> landscape.space().key(p.genome())).toList());
    }

    @Test
    void proposesRandomGenomesRatherThanWaitForOutstandingNeighbours() {
        Landscape landscape = new Landscape(1);
        LocalSearch<CellGenome> search = localSearch(landscape, ImprovementMode.BEST_IMPROVEMENT, 1);
        CellGenome start = search.ask().genome();
        search.tell(complete(landscape, start, 0));
        Set<String> neighbours = neighbourKeys(landscape, start);
        List<String> asked = search.ask(neighbours.size() + 5).stream()
                .map(p -> landscape.space().key(p.genome())).toList();
        assertThat(new HashSet<>(asked.subList(0, neighbours.size()))).isEqualTo(neighbours);
        assertThat(asked.subList(neighbours.size(), asked.size())).doesNotContainAnyElementsOf(neighbours);
    }

    @Test
    void bestImprovementTriesTheWholeNeighbourhoodBeforeMoving() {
        Landscape landscape = new Landscape(1);
        LocalSearch<CellGenome> search = localSearch(landscape, ImprovementMode.BEST_IMPROVEMENT, 1);
        CellGenome start = search.ask().genome();
        search.tell(complete(landscape, start, 0));
        Set<String> neighbours = neighbourKeys(landscape, start);
        Set<String> tried = new HashSet<>();
        for (int i = 0; i < neighbours.size(); i++) {
            CellGenome genome = search.ask().genome();
            tried.add(landscape.space().key(genome));
            search.tell(complete(landscape, genome, i + 1));
        }
        assertThat(tried).isEqualTo(neighbours);
        assertThat(search.moves()).isZero();
        search.ask();
        assertThat(search.moves() + search.restarts()).isEqualTo(1);
    }

    @Test
    void firstImprovementMovesAtTheFirstBetterNeighbour() {
        Landscape landscape = new Landscape(1);
        LocalSearch<CellGenome> search = localSearch(landscape, ImprovementMode.FIRST_IMPROVEMENT, 1);
        CellGenome current = search.ask().genome();
        search.tell(complete(landscape, current, 0));
        for (int i = 1; i < 20; i++) {
            CellGenome genome = search.ask().genome();
            int movesBefore = search.moves();
            search.tell(complete(landscape, genome, i));
            boolean better = landscape.value(genome) > landscape.value(current);
            if (better) {
                CellGenome next = search.ask().genome();
                assertThat(search.moves()).isEqualTo(movesBefore + 1);
                assertThat(neighbourKeys(landscape, genome)).contains(landscape.space().key(next));
                return;
            }
        }
        throw new AssertionError("no neighbour improved within 20 trials");
    }

    @Test
    void restartsWhenItReachesALocalOptimum() {
        Landscape landscape = new Landscape(1);
        LocalSearch<CellGenome> search = localSearch(landscape, ImprovementMode.FIRST_IMPROVEMENT, 10);
        sequentialProposals(landscape, search, 150);
        assertThat(search.moves()).isPositive();
        assertThat(search.restarts()).isPositive();
    }

    @Test
    void rejectsAnUnknownMode() {
        StrategySettings settings = StrategySettings.of(Map.of("mode", "steepest"));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mode").hasMessageContaining("best-improvement, first-improvement");
    }

    @Test
    void rejectsNoInitialSamples() {
        StrategySettings settings = StrategySettings.of(Map.of("initial", 0));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial").hasMessageContaining("[1, 100000]");
    }

    @Test
    void isRegisteredAsLocalSearch() {
        assertThat(Strategies.installed().get("local-search")).isInstanceOf(LocalSearchProvider.class);
    }
}
