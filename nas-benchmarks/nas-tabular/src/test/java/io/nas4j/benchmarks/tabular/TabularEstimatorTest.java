package io.nas4j.benchmarks.tabular;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TabularEstimatorTest {

    private static final String CELL =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    private final CellSpace cells = new CellSpace();

    @Test
    void fullFidelityGivesTheTwelveEpochValidationAccuracyAtCost12() {
        Nb201Accuracy expected = TestData.nb201().get(cells.parse(CELL)).on(Nb201Dataset.CIFAR100);

        TrialResult result = nb201(Nb201Dataset.CIFAR100, Fidelity.FULL);

        assertThat(result.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.metrics()).containsEntry("accuracy", expected.validation12())
                .containsEntry("test200", expected.test200());
        assertThat(result.cost()).isEqualTo(12);
    }

    @Test
    void resourcesBelow200AlsoGiveTheTwelveEpochValidationAccuracy() {
        TrialResult result = nb201(Nb201Dataset.CIFAR10, Fidelity.of(199.5));

        assertThat(result.metrics().get("accuracy")).isEqualTo(82.83399999389648);
        assertThat(result.cost()).isEqualTo(12);
    }

    @Test
    void twoHundredEpochsGiveTheTwoHundredEpochTestAccuracyAtCost200() {
        TrialResult result = nb201(Nb201Dataset.CIFAR10, Fidelity.of(200));

        assertThat(result.metrics()).containsEntry("accuracy", 93.66000000000001)
                .containsEntry("test200", 93.66000000000001);
        assertThat(result.cost()).isEqualTo(200);
    }

    @Test
    void macroGivesMeanAccuracyParamsAndFlopsAtCost1() {
        MacroSpace space = new MacroSpace();
        MacroGenome genome = space.parse("02012100");

        TrialResult result = new MacroEstimator(TestData.macro()).estimate(new Trial<>(0, genome, Fidelity.FULL, 1));

        assertThat(result.metrics()).containsEntry("accuracy", 89.19666544596355)
                .containsEntry("params", 890666.0).containsEntry("flops", 47327744.0);
        assertThat(result.cost()).isEqualTo(1);
    }

    private TrialResult nb201(Nb201Dataset dataset, Fidelity fidelity) {
        CellGenome genome = cells.parse(CELL);
        return new Nb201Estimator(TestData.nb201(), dataset).estimate(new Trial<>(0, genome, fidelity, 1));
    }
}
