package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.Nb201Estimator;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Nb201MultiObjectiveSuiteTest {

    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @SuppressWarnings("unchecked")
    private static TrialResult estimate(Benchmark<?> benchmark, CellGenome cell) throws Exception {
        PerformanceEstimator<CellGenome> estimator = (PerformanceEstimator<CellGenome>) benchmark.estimator();
        return estimator.estimate(new Trial<>(1, cell, Fidelity.FULL, 1));
    }

    @Test
    void searchesAccuracyAgainstTheParametersTheIrCounts() throws Exception {
        Benchmark<?> benchmark = new Nb201MultiObjectiveSuite().open(TestData.directory(), null);
        CellSpace space = new CellSpace();
        CellGenome cell = space.parse(CELL);

        TrialResult result = estimate(benchmark, cell);

        assertThat(benchmark.suite()).isEqualTo("nb201-mo");
        assertThat(benchmark.dataset()).isEqualTo("cifar10");
        assertThat(benchmark.objectives()).containsExactly(Objective.maximize(Nb201Estimator.ACCURACY),
                Objective.minimize(Nb201MultiObjectiveSuite.PARAMS));
        long counted = NetworkAnalysis.of(space.decode(cell, new ClassificationHead(Shape.of(3, 32, 32), 10)))
                .parameters();
        assertThat(result.metrics()).containsEntry(Nb201MultiObjectiveSuite.PARAMS, (double) counted)
                .containsKeys(Nb201Estimator.ACCURACY, Nb201Estimator.TEST_200);
        assertThat(result.cost()).isEqualTo(Nb201Estimator.LOW_EPOCHS);
    }

    @Test
    void runsReportAHypervolumeFractionThatTheModelBasedStrategyRaisesAboveRandomSearch() {
        Benchmark<?> benchmark = new Nb201MultiObjectiveSuite().open(TestData.directory(), null);
        SuiteSummary summary = new SuiteRunner(Strategies.installed())
                .run(benchmark, new BenchPlan(List.of("random", "ehvi"), 3, 50, 5, Map.of()), BenchProgress.NONE);
        double random = summary.strategies().get("random").last().mean();
        double model = summary.strategies().get("ehvi").last().mean();
        assertThat(random).isBetween(0.5, 1.0);
        assertThat(model).isGreaterThan(random).isLessThanOrEqualTo(1.0);
    }
}
