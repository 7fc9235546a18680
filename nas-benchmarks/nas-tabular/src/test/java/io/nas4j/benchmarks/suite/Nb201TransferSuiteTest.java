package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.benchmarks.tabular.Nb201Dataset;
import io.nas4j.benchmarks.tabular.Nb201Estimator;
import io.nas4j.benchmarks.tabular.Nb201Table;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class Nb201TransferSuiteTest {

    @Test
    void trialsAreJudgedOnCifar10AndReportTheTargetsTwoHundredEpochTestAccuracy() throws Exception {
        Nb201Table table = Nb201Table.load(TestData.directory());
        @SuppressWarnings("unchecked")
        PerformanceEstimator<CellGenome> estimator = (PerformanceEstimator<CellGenome>) new Nb201TransferSuite()
                .open(TestData.directory(), "imagenet16").estimator();
        SplittableRandom random = new SplittableRandom(3);
        for (int draw = 0; draw < 20; draw++) {
            CellGenome cell = new CellSpace().sample(random);
            TrialResult result = estimator.estimate(new Trial<>(draw, cell, Fidelity.FULL, 1));

            assertThat(result.metrics().get(Nb201Estimator.ACCURACY))
                    .isEqualTo(table.get(cell).on(Nb201Dataset.CIFAR10).validation12());
            assertThat(result.metrics().get(Nb201Estimator.TEST_200))
                    .isEqualTo(table.get(cell).on(Nb201Dataset.CIFAR10).test200());
            assertThat(result.metrics().get(Nb201TransferSuite.TARGET_TEST_200))
                    .isEqualTo(table.get(cell).on(Nb201Dataset.IMAGENET16).test200());
            assertThat(result.cost()).isEqualTo(Nb201Estimator.LOW_EPOCHS);
        }
    }

    @Test
    void theRunsAreTheCifar10RunsAndReportTheTargetInstead() {
        SuiteRunner runner = new SuiteRunner(Strategies.installed());
        BenchPlan plan = new BenchPlan(List.of("random", "regularized-evolution"), 3, 60, 9, Map.of());
        SuiteSummary cifar10 = runner.run(new Nb201Suite().open(TestData.directory(), "cifar10"), plan, BenchProgress.NONE);
        SuiteSummary transfer = runner.run(new Nb201TransferSuite().open(TestData.directory(), "cifar100"), plan,
                BenchProgress.NONE);

        assertThat(transfer.suite()).isEqualTo(Nb201TransferSuite.NAME);
        assertThat(transfer.dataset()).isEqualTo("cifar100");
        for (String strategy : plan.strategies()) {
            double found = cifar10.strategies().get(strategy).last().mean();
            double there = transfer.strategies().get(strategy).last().mean();
            // CIFAR-100 accuracies of NB201 cells lie far below CIFAR-10's (optimum 73.51 against 94.37)
            assertThat(found).isGreaterThan(85);
            assertThat(there).isBetween(55.0, 73.51);
        }
    }

    @Test
    void theReportStatesKendallsTauOverEveryCell() {
        Nb201Table table = Nb201Table.load(TestData.directory());
        double tau = Nb201TransferSuite.kendall(table, Nb201Dataset.CIFAR10, Nb201Dataset.CIFAR100);

        assertThat(Nb201TransferSuite.kendall(table, Nb201Dataset.CIFAR10, Nb201Dataset.CIFAR10)).isCloseTo(1.0, offset(1e-12));
        assertThat(tau).isBetween(0.5, 0.99);
        assertThat(new Nb201TransferSuite().open(TestData.directory(), null).reported())
                .startsWith("cifar100 test accuracy")
                .contains(String.format(java.util.Locale.ROOT, "%.3f", tau));
    }

    @Test
    void cifar10IsTheSourceNotATarget() {
        assertThatThrownBy(() -> new Nb201TransferSuite().open(TestData.directory(), "cifar10"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("is not a target of nb201-transfer; allowed: cifar100, imagenet16");
    }
}
