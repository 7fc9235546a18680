package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Hypervolume;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.strategies.AskTellContract;
import io.nas4j.strategies.Landscape;
import io.nas4j.strategies.random.RandomSearchProvider;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiObjectiveBayesianOptimisationTest extends AskTellContract {

    private static final String COST = "cost";
    private static final List<Objective> TWO_OBJECTIVES = List.of(Objective.maximize(Landscape.METRIC),
            Objective.minimize(COST));
    private static final int TRIALS = 60;

    @Override
    protected StrategyProvider provider() {
        return new MultiObjectiveBayesianOptimisationProvider();
    }

    /**
     * A cost that adds up over the cell's edges, as a parameter count does: each operation has its own price,
     * convolutions the dearest.
     */
    private static double cost(CellGenome cell) {
        double total = 0;
        for (String op : cell.ops()) {
            total += switch (op) {
                case "nor_conv_3x3" -> 9;
                case "nor_conv_1x1" -> 1;
                case "avg_pool_3x3" -> 0.5;
                default -> 0;
            };
        }
        return total;
    }

    private static SearchStrategy<CellGenome> twoObjectives(StrategyProvider provider, Landscape landscape, long seed) {
        return provider.create(new StrategyContext<>(landscape.space(), TWO_OBJECTIVES, seed,
                StrategySettings.empty()));
    }

    private static SearchResult<CellGenome> search(Landscape landscape, SearchStrategy<CellGenome> strategy) {
        return Search.builder(landscape.space())
                .strategy(strategy)
                .estimator(trial -> TrialResult.complete(Map.of(Landscape.METRIC, landscape.value(trial.genome()),
                        COST, cost(trial.genome())), 1))
                .objectives(TWO_OBJECTIVES)
                .budget(Budget.trials(TRIALS))
                .build()
                .run();
    }

    /** The hypervolume of the evaluated networks, scores scaled by the landscape's optimum and the largest cost. */
    private static double hypervolume(Landscape landscape, SearchResult<CellGenome> result) {
        List<double[]> points = result.trials().stream()
                .filter(trial -> trial.state() == TrialState.COMPLETE)
                .map(trial -> landscape.space().parse(trial.genome()))
                .map(cell -> new double[] {landscape.value(cell) / landscape.optimum(), 1 - cost(cell) / 54})
                .toList();
        return Hypervolume.of(points, new double[] {0, 0});
    }

    @Test
    void coversMoreOfTheFrontThanRandomSearchInTheSameTrials() {
        int wins = 0;
        double model = 0;
        double random = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Landscape landscape = new Landscape(200 + seed);
            double modelVolume = hypervolume(landscape, search(landscape, twoObjectives(provider(), landscape, seed)));
            double randomVolume = hypervolume(landscape,
                    search(landscape, twoObjectives(new RandomSearchProvider(), landscape, seed)));
            wins += modelVolume > randomVolume ? 1 : 0;
            model += modelVolume;
            random += randomVolume;
        }
        assertThat(wins).isGreaterThanOrEqualTo(5);
        assertThat(model).isGreaterThan(random);
    }

    @Test
    void paretoFrontHoldsTheNonDominatedNetworksTold() {
        Landscape landscape = new Landscape(1);
        MultiObjectiveBayesianOptimisation<CellGenome> strategy =
                (MultiObjectiveBayesianOptimisation<CellGenome>) twoObjectives(provider(), landscape, 4);
        SearchResult<CellGenome> result = search(landscape, strategy);
        List<double[]> told = result.trials().stream()
                .map(trial -> landscape.space().parse(trial.genome()))
                .map(cell -> new double[] {landscape.value(cell), -cost(cell)})
                .toList();
        Set<String> expected = new HashSet<>();
        for (int index : Pareto.front(told)) {
            expected.add(result.trials().get(index).genome());
        }
        assertThat(strategy.paretoFront()).hasSizeGreaterThan(2);
        assertThat(strategy.paretoFront().stream().map(landscape.space()::format).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void neverProposesTheSameNetworkTwiceWithTwoObjectives() {
        Landscape landscape = new Landscape(2);
        SearchResult<CellGenome> result = search(landscape, twoObjectives(provider(), landscape, 3));
        assertThat(result.trials().stream().map(trial -> landscape.space().key(landscape.space().parse(trial.genome())))
                .distinct()).hasSize(TRIALS);
    }

    @Test
    void isMultiObjectiveAndRegisteredAsEhvi() {
        assertThat(provider().multiObjective()).isTrue();
        assertThat(Strategies.installed().get("ehvi")).isInstanceOf(MultiObjectiveBayesianOptimisationProvider.class);
    }

    @Test
    void rejectsAMarginOfZeroNamingTheSetting() {
        assertThatThrownBy(() -> create(new Landscape(1).space(), 1, StrategySettings.of(Map.of("margin", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
    }

    @Test
    void rejectsAnEmptyCandidatePoolNamingBothSettings() {
        assertThatThrownBy(() -> create(new Landscape(1).space(), 1,
                StrategySettings.of(Map.of("max-neighbours", 0, "random-candidates", 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-neighbours").hasMessageContaining("random-candidates");
    }

    @Test
    void rejectsALinearKernelSettingThatIsNotABoolean() {
        assertThatThrownBy(() -> create(new Landscape(1).space(), 1, StrategySettings.of(Map.of("linear-kernel", "maybe"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linear-kernel");
    }

    private SearchStrategy<CellGenome> create(io.nas4j.core.space.CellSpace space, long seed,
                                              StrategySettings settings) {
        return provider().create(new StrategyContext<>(space, TWO_OBJECTIVES, seed, settings));
    }
}
