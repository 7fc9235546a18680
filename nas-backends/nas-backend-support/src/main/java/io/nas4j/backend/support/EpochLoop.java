package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The epoch loop of {@link TrainingBackend#train}, the same on every backend: each epoch takes its
 * batches from the {@link ExampleOrder}, runs one optimisation step per batch, reports the epoch's mean
 * loss (each batch weighted by its examples) and the validation accuracy to the monitor, and stops after
 * the plan's epochs or when the monitor says so. The first step whose loss is not finite ends training with
 * {@link TrainingBackend.TrainingDivergedException} naming the epoch and the step.
 *
 * <p>The backend owns everything engine-specific: the step itself, the validation, and its resources; the
 * loop runs on the caller's thread, under whatever lock the caller holds.
 */
public final class EpochLoop {

    /** One optimisation step of a backend. */
    @FunctionalInterface
    public interface Step {
        /**
         * Trains on the examples at {@code indices} and returns the batch's mean loss.
         *
         * @param step the step's number in the run, counted from 1 over all epochs (for schedules and seeds)
         */
        float run(int[] indices, int step);
    }

    /** Told when the monitor re-plans the run ({@link TrainingBackend.EpochMonitor#epochsInAll}). */
    @FunctionalInterface
    public interface Replan {
        /**
         * The run now has {@code epochs} epochs in all, after {@code stepsTaken} steps; the backend re-plans its
         * learning-rate schedule over the steps left.
         */
        void epochs(int epochs, int stepsTaken);
    }

    private EpochLoop() {
    }

    /**
     * Runs up to {@code epochs} epochs.
     *
     * @param validationAccuracy the accuracy after an epoch, NaN when there is no validation set
     * @param startNanos         when training began ({@link System#nanoTime()}), set-up included
     */
    public static TrainingBackend.TrainingReport run(ExampleOrder order, int epochs,
                                                     TrainingBackend.EpochMonitor monitor, Step step,
                                                     DoubleSupplier validationAccuracy, long startNanos) {
        return run(order, epochs, monitor, step, validationAccuracy, startNanos, (total, taken) -> { });
    }

    /**
     * Runs {@code epochs} epochs, or as many as the monitor re-plans them to ({@code replan} is told each new
     * length, so that the backend can re-plan its schedule).
     *
     * @param validationAccuracy the accuracy after an epoch, NaN when there is no validation set
     * @param startNanos         when training began ({@link System#nanoTime()}), set-up included
     */
    public static TrainingBackend.TrainingReport run(ExampleOrder order, int epochs,
                                                     TrainingBackend.EpochMonitor monitor, Step step,
                                                     DoubleSupplier validationAccuracy, long startNanos, Replan replan) {
        TrainingBackend.EpochMonitor listener = monitor == null ? TrainingBackend.EpochMonitor.none() : monitor;
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        long stepNanos = 0;
        int stepsTaken = 0;
        int planned = epochs;
        for (int epoch = 1; epoch <= planned; epoch++) {
            int[][] batches = order.nextEpoch();
            double lossSum = 0;
            for (int batch = 0; batch < batches.length; batch++) {
                int[] indices = batches[batch];
                long stepStart = System.nanoTime();
                stepsTaken++;
                float value = step.run(indices, stepsTaken);
                stepNanos += System.nanoTime() - stepStart;
                if (!Float.isFinite(value)) {
                    throw new TrainingBackend.TrainingDivergedException("training loss became "
                            + (Float.isNaN(value) ? "NaN" : "infinite") + " at epoch " + epoch
                            + ", step " + (batch + 1));
                }
                lossSum += (double) value * indices.length;
            }
            double meanLoss = lossSum / order.examples();
            double accuracy = validationAccuracy.getAsDouble();
            losses.add(meanLoss);
            accuracies.add(accuracy);
            if (!listener.epochFinished(epoch, meanLoss, accuracy)) {
                break;
            }
            int replanned = Math.max(epoch, listener.epochsInAll(epoch, planned));
            if (replanned != planned) {
                planned = replanned;
                replan.epochs(planned, stepsTaken);
            }
        }
        return new TrainingBackend.TrainingReport(losses, accuracies, (System.nanoTime() - startNanos) / 1e9,
                stepNanos / 1e6 / stepsTaken);
    }
}
