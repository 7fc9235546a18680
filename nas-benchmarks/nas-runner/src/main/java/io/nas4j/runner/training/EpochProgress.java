package io.nas4j.runner.training;

import io.nas4j.core.port.TrainingBackend;

/**
 * Hears a training's epochs as they finish, with the number of epochs it plans in all at that point: a
 * time-limited training re-plans after each epoch ({@link FinalTrainingBudget#fill}), so the total may change.
 * For progress lines; it cannot stop the training.
 */
@FunctionalInterface
public interface EpochProgress {

    /** Epoch {@code epoch} (from 1) of the {@code epochs} planned so far finished with this mean training loss. */
    void epochFinished(int epoch, int epochs, double trainLoss);

    /** Hears nothing. */
    static EpochProgress none() {
        return (epoch, epochs, trainLoss) -> { };
    }

    /**
     * {@code monitor}, telling {@code progress} about each epoch first, with the total as {@code monitor}
     * re-plans it.
     *
     * @param epochs the epochs planned at the start
     */
    static TrainingBackend.EpochMonitor reporting(TrainingBackend.EpochMonitor monitor, EpochProgress progress,
                                                  int epochs) {
        return new TrainingBackend.EpochMonitor() {
            private int planned = epochs;

            @Override
            public boolean epochFinished(int epoch, double trainLoss, double validationAccuracy) {
                progress.epochFinished(epoch, planned, trainLoss);
                return monitor.epochFinished(epoch, trainLoss, validationAccuracy);
            }

            @Override
            public int epochsInAll(int epoch, int current) {
                planned = monitor.epochsInAll(epoch, current);
                return planned;
            }
        };
    }
}
