package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochLoopTest {

    private static ExampleOrder order(int examples, int batchSize) {
        return ExampleOrder.of(examples, new TrainingPlan(3, batchSize, TrainingPlan.Optimizer.SGD, 0.1, 0, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 5));
    }

    @Test
    void stepsAreNumberedFromOneAcrossEpochs() {
        List<Integer> steps = new ArrayList<>();

        TrainingBackend.TrainingReport report = EpochLoop.run(order(10, 4), 3, null, (indices, step) -> {
            steps.add(step);
            return 1f;
        }, () -> Double.NaN, System.nanoTime());

        assertThat(steps).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(report.trainLoss()).containsExactly(1.0, 1.0, 1.0);
        assertThat(report.validationAccuracy()).hasSize(3).allMatch(accuracy -> accuracy.isNaN());
    }

    @Test
    void anEpochsLossWeightsEachBatchByItsExamples() {
        // batches of 4, 4 and 2 examples; each batch's loss is its size
        TrainingBackend.TrainingReport report = EpochLoop.run(order(10, 4), 1, null,
                (indices, step) -> indices.length, () -> 0.5, System.nanoTime());

        assertThat(report.trainLoss()).containsExactly((4.0 * 4 + 4 * 4 + 2 * 2) / 10);
        assertThat(report.validationAccuracy()).containsExactly(0.5);
    }

    @Test
    void theMonitorCanStopTraining() {
        List<Integer> epochs = new ArrayList<>();

        TrainingBackend.TrainingReport report = EpochLoop.run(order(6, 3), 5, (epoch, loss, accuracy) -> {
            epochs.add(epoch);
            return epoch < 2;
        }, (indices, step) -> 0.25f, () -> 0.75, System.nanoTime());

        assertThat(epochs).containsExactly(1, 2);
        assertThat(report.trainLoss()).containsExactly(0.25, 0.25);
    }

    @Test
    void aMonitorThatReplansTheRunLengthensOrShortensItAndTellsTheBackend() {
        List<String> replans = new ArrayList<>();
        TrainingBackend.TrainingReport lengthened = EpochLoop.run(order(6, 3), 2,
                replanning((epoch, epochs) -> epoch == 1 ? 4 : epochs), (indices, step) -> 1f,
                () -> Double.NaN, System.nanoTime(), (epochs, taken) -> replans.add(epochs + " after " + taken));

        assertThat(lengthened.trainLoss()).as("4 epochs where 2 were planned").hasSize(4);
        assertThat(replans).containsExactly("4 after 2");

        replans.clear();
        TrainingBackend.TrainingReport shortened = EpochLoop.run(order(6, 3), 5,
                replanning((epoch, epochs) -> epoch == 2 ? 0 : epochs), (indices, step) -> 1f,
                () -> Double.NaN, System.nanoTime(), (epochs, taken) -> replans.add(epochs + " after " + taken));

        assertThat(shortened.trainLoss()).as("an answer below the epochs done ends the run there").hasSize(2);
        assertThat(replans).containsExactly("2 after 4");
    }

    /** A monitor that lets every epoch go on and answers {@code epochsInAll} with {@code replan}. */
    private static TrainingBackend.EpochMonitor replanning(IntBinaryOperator replan) {
        return new TrainingBackend.EpochMonitor() {
            @Override
            public boolean epochFinished(int epoch, double loss, double accuracy) {
                return true;
            }

            @Override
            public int epochsInAll(int epoch, int epochs) {
                return replan.applyAsInt(epoch, epochs);
            }
        };
    }

    @Test
    void aLossThatIsNotFiniteEndsTrainingNamingTheStep() {
        assertThatThrownBy(() -> EpochLoop.run(order(10, 4), 3, null,
                (indices, step) -> step == 5 ? Float.NaN : 1f, () -> 0, System.nanoTime()))
                .isInstanceOf(TrainingBackend.TrainingDivergedException.class)
                .hasMessage("training loss became NaN at epoch 2, step 2");
        assertThatThrownBy(() -> EpochLoop.run(order(10, 4), 1, null,
                (indices, step) -> Float.POSITIVE_INFINITY, () -> 0, System.nanoTime()))
                .hasMessage("training loss became infinite at epoch 1, step 1");
    }

    @Test
    void theBatchesAreTheOrdersEpochs() {
        ExampleOrder reference = order(10, 4);
        List<int[]> expected = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            expected.addAll(List.of(reference.nextEpoch()));
        }
        List<int[]> seen = new ArrayList<>();

        EpochLoop.run(order(10, 4), 2, null, (indices, step) -> {
            seen.add(indices);
            return 0f;
        }, () -> 0, System.nanoTime());

        assertThat(seen).containsExactlyElementsOf(expected);
    }
}
