package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategySettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SuiteRunnerTest {

    private final SuiteRunner runner = new SuiteRunner(Strategies.installed());

    @Test
    void checkpointsAreTheFixedOnesThenEvery50AndTheBudget() {
        assertThat(SuiteRunner.checkpoints(150)).containsExactly(10, 25, 50, 100, 150);
        assertThat(SuiteRunner.checkpoints(30)).containsExactly(10, 25, 30);
        assertThat(SuiteRunner.checkpoints(175)).containsExactly(10, 25, 50, 100, 150, 175);
        assertThat(SuiteRunner.checkpoints(300)).containsExactly(10, 25, 50, 100, 150, 200, 250, 300);
        assertThat(SuiteRunner.checkpoints(5)).containsExactly(5);
    }

    @Test
    void runSeedsDependOnlyOnTheBaseSeedAndTheRun() {
        assertThat(SuiteRunner.runSeed(7, 3)).isEqualTo(SuiteRunner.runSeed(7, 3));
        assertThat(SuiteRunner.runSeed(7, 3)).isNotEqualTo(SuiteRunner.runSeed(7, 4));
        assertThat(SuiteRunner.runSeed(7, 3)).isNotEqualTo(SuiteRunner.runSeed(8, 3));
    }

    @Test
    void theSamePlanGivesTheSameNumbersBitForBit() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "cifar10");
        BenchPlan plan = new BenchPlan(List.of("random", "grid"), 3, 40, 11, Map.of());

        SuiteSummary first = runner.run(benchmark, plan, BenchProgress.NONE);
        SuiteSummary second = runner.run(benchmark, plan, BenchProgress.NONE);

        for (String strategy : List.of("random", "grid")) {
            assertThat(second.strategies().get(strategy).checkpoints())
                    .isEqualTo(first.strategies().get(strategy).checkpoints());
            assertThat(second.strategies().get(strategy).last()).isEqualTo(first.strategies().get(strategy).last());
        }
    }

    @Test
    void anotherSeedGivesOtherNumbers() {
        Benchmark<?> benchmark = new MacroSuite().open(TestData.directory(), null);

        SuiteSummary first = runner.run(benchmark, new BenchPlan(List.of("random"), 3, 30, 1, Map.of()), BenchProgress.NONE);
        SuiteSummary second = runner.run(benchmark, new BenchPlan(List.of("random"), 3, 30, 2, Map.of()), BenchProgress.NONE);

        assertThat(second.strategies().get("random").checkpoints())
                .isNotEqualTo(first.strategies().get("random").checkpoints());
    }

    @Test
    void whenTheSearchSignalIsTheReportedMetricItNeverFalls() {
        Benchmark<?> benchmark = new MacroSuite().open(TestData.directory(), null);

        SuiteSummary summary = runner.run(benchmark, new BenchPlan(List.of("random"), 4, 60, 5, Map.of()),
                BenchProgress.NONE);

        List<Double> means = new ArrayList<>();
        summary.strategies().get("random").checkpoints().values().forEach(statistic -> means.add(statistic.mean()));
        assertThat(means).hasSize(4).isSorted();
        assertThat(summary.strategies().get("random").overheadMsPerTrial()).isPositive();
    }

    @Test
    void nb201ReportsTheTwoHundredEpochTestAccuracyOfTheChosenDataset() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "imagenet16");

        SuiteSummary summary = runner.run(benchmark, new BenchPlan(List.of("random"), 2, 50, 5, Map.of()),
                BenchProgress.NONE);

        assertThat(summary.dataset()).isEqualTo("imagenet16");
        assertThat(summary.strategies().get("random").last().mean()).isBetween(30.0, 47.32);
    }

    @Test
    void settingsReachTheStrategy() {
        Benchmark<?> benchmark = new MacroSuite().open(TestData.directory(), null);
        BenchPlan sequential = new BenchPlan(List.of("grid"), 1, 10, 0,
                Map.of("grid", StrategySettings.of(Map.of("order", "sequential"))));

        SuiteSummary summary = runner.run(benchmark, sequential, BenchProgress.NONE);

        // in sequential order the first ten networks are 00000000..00000101, the identity-heavy shallow ones
        assertThat(summary.strategies().get("grid").last().mean()).isLessThan(86);
    }

    @Test
    void progressHearsEveryRun() {
        Benchmark<?> benchmark = new MacroSuite().open(TestData.directory(), null);
        List<String> heard = new ArrayList<>();

        runner.run(benchmark, new BenchPlan(List.of("random", "grid"), 2, 5, 0, Map.of()),
                (strategy, finished, total) -> heard.add(strategy + " " + finished + "/" + total));

        assertThat(heard).containsExactly("random 1/4", "random 2/4", "grid 3/4", "grid 4/4");
    }

    @Test
    void eachStrategysResultsAreHandedOverAsSoonAsItsRunsFinish() {
        Benchmark<?> benchmark = new MacroSuite().open(TestData.directory(), null);
        List<List<String>> handedOver = new ArrayList<>();

        SuiteSummary summary = runner.run(benchmark, new BenchPlan(List.of("random", "grid"), 2, 5, 0, Map.of()),
                new BenchProgress() {
                    @Override
                    public void runFinished(String strategy, int finishedRuns, int totalRuns) {
                    }

                    @Override
                    public void strategyFinished(SuiteSummary soFar) {
                        handedOver.add(List.copyOf(soFar.strategies().keySet()));
                    }
                });

        assertThat(handedOver).containsExactly(List.of("random"), List.of("random", "grid"));
        assertThat(summary.strategies().keySet()).containsExactly("random", "grid");
    }
}
