package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.strategies.AskTellContract;
import io.nas4j.strategies.Landscape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Nsga2Test extends AskTellContract {

    private static final String EDGES = "edges";
    private static final List<Objective> TWO_OBJECTIVES = List.of(Objective.maximize(Landscape.METRIC),
            Objective.minimize(EDGES));

    @Override
    protected StrategyProvider provider() {
        return new Nsga2Provider();
    }

    /** The operations of the network a cell describes (its canonical form) that are not {@code none}. */
    private static double liveEdges(Landscape landscape, CellGenome cell) {
        CellGenome network = landscape.space().parse(landscape.space().key(cell));
        return network.ops().stream().filter(op -> !op.equals("none")).count();
    }

    private static double[] scores(Landscape landscape, CellGenome cell) {
        return new double[] {landscape.value(cell), -liveEdges(landscape, cell)};
    }

    /** NSGA-II on accuracy (maximised) against live edges (minimised) for 150 trials. */
    private Nsga2<CellGenome> searchTwoObjectives(Landscape landscape, long seed) {
        Nsga2<CellGenome> nsga2 = (Nsga2<CellGenome>) provider().create(new StrategyContext<>(landscape.space(),
                TWO_OBJECTIVES, seed, StrategySettings.empty()));
        SearchResult<CellGenome> result = Search.builder(landscape.space())
                .strategy(nsga2)
                .estimator(trial -> TrialResult.complete(Map.of(Landscape.METRIC, landscape.value(trial.genome()),
                        EDGES, liveEdges(landscape, trial.genome())), 1))
                .objectives(TWO_OBJECTIVES)
                .budget(Budget.trials(150))
                .build()
                .run();
        assertThat(result.trials()).hasSize(150);
        return nsga2;
    }

    @Test
    void frontIsNonDominated() {
        Landscape landscape = new Landscape(1);
        List<CellGenome> front = searchTwoObjectives(landscape, 4).paretoFront();
        assertThat(front).hasSizeGreaterThan(2);
        for (CellGenome a : front) {
            for (CellGenome b : front) {
                assertThat(Pareto.dominates(scores(landscape, a), scores(landscape, b))).isFalse();
            }
        }
    }

    @Test
    void frontReachesTheSmallestNetwork() {
        Landscape landscape = new Landscape(1);
        List<CellGenome> front = searchTwoObjectives(landscape, 4).paretoFront();
        assertThat(front.stream().mapToDouble(cell -> liveEdges(landscape, cell)).min().orElseThrow()).isZero();
    }

    @Test
    void frontReachesAccuracyNearTheOptimum() {
        Landscape landscape = new Landscape(1);
        List<CellGenome> front = searchTwoObjectives(landscape, 4).paretoFront();
        double best = front.stream().mapToDouble(landscape::value).max().orElseThrow();
        assertThat(landscape.optimum() - best).isLessThan(mean(randomGaps()));
    }

    @Test
    void isMultiObjective() {
        assertThat(provider().multiObjective()).isTrue();
    }

    @Test
    void isRegisteredAsNsga2() {
        assertThat(Strategies.installed().get("nsga2")).isInstanceOf(Nsga2Provider.class);
    }
}
