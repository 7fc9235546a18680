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

    /** Brackets of 27 configurations at 12 epochs whose best 9 go on to 200. */
    private static final StrategySettings BRACKETS_OF_27 = StrategySettings.of(Map.of("resources", "12,200",
            "eta", 3, "n", 27));

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
    void costCheckpointsAreTheTrialCheckpointsOfTrialsAtTheTrialCostThenTheLimit() {
        assertThat(SuiteRunner.costCheckpoints(1800, 12)).containsExactly(120.0, 300.0, 600.0, 1200.0, 1800.0);
        assertThat(SuiteRunner.costCheckpoints(1000, 12)).containsExactly(120.0, 300.0, 600.0, 996.0, 1000.0);
        assertThat(SuiteRunner.costCheckpoints(30, 1)).containsExactly(10.0, 25.0, 30.0);
        assertThat(SuiteRunner.costCheckpoints(5, 12)).containsExactly(5.0);
    }

    @Test
    void aCostBudgetAllowsAsManyTrialsAsFitAtTheTrialCost() {
        assertThat(SuiteRunner.trialsWithin(1800, 12)).isEqualTo(150);
        assertThat(SuiteRunner.trialsWithin(1799, 12)).isEqualTo(149);
        assertThat(SuiteRunner.trialsWithin(5, 12)).isEqualTo(1);
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
    void theSameCostPlanGivesTheSameCurvesAgainstCostBitForBit() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "cifar100");
        BenchPlan plan = new BenchPlan(List.of("hyperband", "regularized-evolution"), 3, 150, 11, Map.of(), 1800);

        SuiteSummary first = runner.run(benchmark, plan, BenchProgress.NONE);
        SuiteSummary second = runner.run(benchmark, plan, BenchProgress.NONE);

        for (String strategy : List.of("hyperband", "regularized-evolution")) {
            StrategySummary before = first.strategies().get(strategy);
            StrategySummary after = second.strategies().get(strategy);
            assertThat(after.costCheckpoints()).isEqualTo(before.costCheckpoints());
            assertThat(after.cost()).isEqualTo(before.cost());
            assertThat(after.trials()).isEqualTo(before.trials());
        }
    }

    @Test
    void aSingleFidelityTrialCostsTwelveEpochsSoItsCurveAgainstCostIsItsCurveAgainstTrials() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "cifar10");

        SuiteSummary summary = runner.run(benchmark, new BenchPlan(List.of("random"), 3, 50, 2, Map.of()),
                BenchProgress.NONE);

        StrategySummary random = summary.strategies().get("random");
        assertThat(summary.costUnit()).isEqualTo("epochs");
        assertThat(random.costCheckpoints()).containsOnlyKeys(120.0, 300.0, 600.0);
        assertThat(random.costCheckpoints().get(120.0)).isEqualTo(random.checkpoints().get(10));
        assertThat(random.costCheckpoints().get(300.0)).isEqualTo(random.checkpoints().get(25));
        assertThat(random.costCheckpoints().get(600.0)).isEqualTo(random.checkpoints().get(50));
        assertThat(random.cost()).isEqualTo(new Statistic(600, 0));
    }

    @Test
    void aMultiFidelityTrialIsChargedTheEpochsOfTheTableItsFidelityReads() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "cifar10");

        SuiteSummary summary = runner.run(benchmark, new BenchPlan(List.of("successive-halving"), 2, 36, 4,
                Map.of("successive-halving", BRACKETS_OF_27)), BenchProgress.NONE);

        // one bracket: 27 configurations on the 12-epoch table, the best 9 again on the 200-epoch one, from scratch
        StrategySummary halving = summary.strategies().get("successive-halving");
        assertThat(halving.cost()).isEqualTo(new Statistic(27 * 12 + 9 * 200, 0));
        assertThat(halving.trials()).isEqualTo(new Statistic(36, 0));
    }

    @Test
    void aCostBudgetStopsEachRunThereAndCountsNoTrialThatWouldPassIt() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "cifar10");
        BenchPlan plan = new BenchPlan(List.of("successive-halving"), 2, SuiteRunner.trialsWithin(1800, 12), 4,
                Map.of("successive-halving", BRACKETS_OF_27), 1800);

        SuiteSummary summary = runner.run(benchmark, plan, BenchProgress.NONE);

        // 27 x 12 + 7 x 200 = 1,724 epochs; an eighth 200-epoch trial would end at 1,924
        StrategySummary halving = summary.strategies().get("successive-halving");
        assertThat(summary.costBudget()).isEqualTo(1800);
        assertThat(halving.cost()).isEqualTo(new Statistic(1724, 0));
        assertThat(halving.trials()).isEqualTo(new Statistic(34, 0));
        assertThat(halving.costCheckpoints()).containsOnlyKeys(120.0, 300.0, 600.0, 1200.0, 1800.0);
        assertThat(halving.costCheckpoints().get(1800.0)).isEqualTo(halving.last());
        assertThat(halving.checkpoints().get(150)).isEqualTo(halving.last());
    }

    @Test
    void atEqualTrialsAMultiFidelityStrategySpendsMoreThanAtEqualCost() {
        Benchmark<?> benchmark = new Nb201Suite().open(TestData.directory(), "cifar10");

        SuiteSummary summary = runner.run(benchmark, new BenchPlan(List.of("hyperband"), 2, 150, 4, Map.of()),
                BenchProgress.NONE);

        StrategySummary hyperband = summary.strategies().get("hyperband");
        assertThat(hyperband.cost().mean()).isGreaterThan(1800);
        assertThat(hyperband.costCheckpoints()).containsOnlyKeys(120.0, 300.0, 600.0, 1200.0, 1800.0);
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
