package io.nas4j.core.port;

import io.nas4j.core.UserInputException;
import io.nas4j.core.network.NetworkSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A machine-learning engine that builds, trains, evaluates and exports networks described by the IR.
 * Adapters (DJL, TensorFlow Java) implement it; the conformance kit ({@code nas-backend-tck}) is its
 * executable specification.
 *
 * <p>Contract: {@link #compile} builds every {@link io.nas4j.core.network.Op} and yields a network whose
 * parameter count equals {@link io.nas4j.core.network.NetworkAnalysis#parameters()}, or throws
 * {@link IllegalArgumentException} naming the node it cannot build. A {@link Model} owns native memory
 * and must be closed. Training that meets a NaN or infinite loss stops and throws
 * {@link TrainingDivergedException}. One thread uses a model at a time; one backend instance may train
 * one model at a time (engines allow one gradient recorder per process).
 */
public interface TrainingBackend {

    /** The name under which the backend is chosen in configurations, for example {@code djl}. */
    String name();

    /** How many GPUs this engine sees in this process; 0 by default (a CPU build). */
    default int gpus() {
        return 0;
    }

    /**
     * This backend bound to {@code device}: {@link ComputeDevice#CPU} and {@link ComputeDevice#AUTO} on an
     * engine without GPUs give a CPU backend; {@link ComputeDevice#AUTO} with a GPU gives a GPU one.
     *
     * @throws UserInputException naming the field {@code device} when a GPU is asked for and the engine sees none
     */
    default TrainingBackend on(ComputeDevice device) {
        if (device == ComputeDevice.GPU && gpus() == 0) {
            throw UserInputException.of("device", "{device} gpu: the {} engine sees no GPU; use {device} cpu or auto",
                    name());
        }
        return this;
    }

    Model compile(NetworkSpec spec);

    /** Trains in place and reports the curve; calls {@code monitor} after every epoch. */
    TrainingReport train(Model model, Dataset train, Dataset validation, TrainingPlan plan, EpochMonitor monitor);

    Evaluation evaluate(Model model, Dataset data);

    /** Output logits, {@code data.size()} rows of the network's output size. */
    float[][] predict(Model model, Dataset data);

    /** Latency of one example (batch 1, one thread): warm-up runs, then the median of {@code runs}. */
    Latency measureLatency(Model model, int warmup, int runs);

    /** Writes the trained parameters and the spec to {@code directory}. */
    void save(Model model, Path directory) throws IOException;

    Model load(Path directory) throws IOException;

    /** A compiled network and its parameters, owned by the caller. */
    interface Model extends AutoCloseable {
        NetworkSpec spec();

        long parameterCount();

        @Override
        void close();
    }

    /**
     * Called after each epoch; returning false stops training early (pruning, curve extrapolation). A
     * monitor may also re-plan the run's length ({@link #epochsInAll}), as a training that fills a deadline does.
     */
    @FunctionalInterface
    interface EpochMonitor {
        boolean epochFinished(int epoch, double trainLoss, double validationAccuracy);

        /**
         * Asked after {@link #epochFinished} let epoch {@code epoch} go on: how many epochs the run should have in
         * all, {@code epochs} being its current length. The default keeps the plan. A larger or smaller answer
         * re-plans the run: the backend trains that many epochs (none more when the answer is {@code epoch} or
         * less) and stretches or shrinks its learning-rate schedule over the steps left, so that a cosine still
         * ends at the last step without a jump in the rate.
         */
        default int epochsInAll(int epoch, int epochs) {
            return epochs;
        }

        static EpochMonitor none() {
            return (epoch, loss, accuracy) -> true;
        }
    }

    /** Per-epoch training loss and validation accuracy, the time taken and the mean step time. */
    record TrainingReport(List<Double> trainLoss, List<Double> validationAccuracy, double seconds, double msPerStep) {
        public TrainingReport {
            trainLoss = List.copyOf(trainLoss);
            validationAccuracy = List.copyOf(validationAccuracy);
        }
    }

    /** Loss, top-1 accuracy and the confusion matrix (rows: true class, columns: predicted). */
    record Evaluation(double loss, double accuracy, int[][] confusion) {
    }

    /** Median and 90th percentile milliseconds per example. */
    record Latency(double medianMs, double p90Ms) {
    }

    /** Training produced a NaN or infinite loss. */
    final class TrainingDivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TrainingDivergedException(String message) {
            super(message);
        }
    }
}
