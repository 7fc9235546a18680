package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.Dataset;

/**
 * A network's declared {@link io.nas4j.core.network.Loss} over a dataset of class labels, in DJL terms:
 * the loss function, the target tensor made from labels, and the class an output row predicts.
 *
 * <p>The datasets of the port carry one class index per example, so the vector targets of binary cross
 * entropy and mean squared error are made from it: one-hot over the outputs, or, for a single output,
 * the label itself (0 or 1 for a binary task). A single-output network predicts class 1 when its logit
 * is positive (cross entropy) or the nearest class to its value (squared error).
 *
 * <p>The {@link io.nas4j.core.network.Loss#DETECTION} loss trains against a dataset's dense targets
 * ({@link Dataset#targetShape()}) instead: one row per anchor, read in bulk, with the terms the network's
 * {@link Op.DetectionOutput} declares ({@link DetectionLossFunction}). It scores no classes.
 */
final class TrainingLoss {

    private final io.nas4j.core.network.Loss kind;
    private final int outputs;
    private final Loss function;

    private TrainingLoss(io.nas4j.core.network.Loss kind, int outputs, Loss function) {
        this.kind = kind;
        this.outputs = outputs;
        this.function = function;
    }

    /**
     * The loss of {@code spec} over {@code data}; throws {@link IllegalArgumentException} when the loss is
     * not supported or the network's output does not fit the dataset's classes.
     */
    static TrainingLoss of(NetworkSpec spec, io.nas4j.core.network.Shape output, Dataset data) {
        io.nas4j.core.network.Loss kind = spec.loss();
        if (kind == io.nas4j.core.network.Loss.DETECTION) {
            return detection(spec, output, data);
        }
        Loss function = switch (kind) {
            case SOFTMAX_CROSS_ENTROPY -> new SoftmaxCrossEntropyLoss("softmax_cross_entropy", 1, -1, true, true);
            case BINARY_CROSS_ENTROPY -> new SigmoidBinaryCrossEntropyLoss("binary_cross_entropy");
            case MEAN_SQUARED_ERROR -> new L2Loss("mean_squared_error", 1);
            case DETECTION -> throw new IllegalStateException("handled above");
        };
        if (output.rank() != 1) {
            throw new IllegalArgumentException("loss " + kind + " needs a feature-vector output [C], but the network "
                    + "outputs " + output + "; end it with a global pool or flatten and a linear layer");
        }
        int outputs = output.channels();
        boolean singleOutput = outputs == 1 && kind != io.nas4j.core.network.Loss.SOFTMAX_CROSS_ENTROPY;
        if (!singleOutput && outputs != data.classes()) {
            throw new IllegalArgumentException("the network outputs " + outputs + " values but " + data.name()
                    + " has " + data.classes() + " classes");
        }
        if (!data.inputShape().equals(spec.input())) {
            throw new IllegalArgumentException("the network takes inputs of shape " + spec.input() + " but "
                    + data.name() + " has " + data.inputShape());
        }
        return new TrainingLoss(kind, outputs, function);
    }

    private static TrainingLoss detection(NetworkSpec spec, io.nas4j.core.network.Shape output, Dataset data) {
        if (!(spec.node(spec.output()).op() instanceof Op.DetectionOutput detection)) {
            throw new IllegalArgumentException("loss DETECTION needs the network to end in a detection_output node, but "
                    + spec.output() + " is " + spec.node(spec.output()).op().kind());
        }
        io.nas4j.core.network.Shape targets = data.targetShape();
        io.nas4j.core.network.Shape expected = io.nas4j.core.network.Shape.of(output.channels(), DetectionLoss.TARGET_WIDTH);
        if (targets == null) {
            throw new IllegalArgumentException("loss DETECTION trains on dense targets, but " + data.name()
                    + " carries class labels only");
        }
        if (!targets.equals(expected)) {
            throw new IllegalArgumentException("the network has " + output.channels() + " anchors and needs targets of shape "
                    + expected + ", but " + data.name() + " has " + targets);
        }
        if (!data.inputShape().equals(spec.input())) {
            throw new IllegalArgumentException("the network takes inputs of shape " + spec.input() + " but "
                    + data.name() + " has " + data.inputShape());
        }
        return new TrainingLoss(io.nas4j.core.network.Loss.DETECTION, output.channels(),
                new DetectionLossFunction(detection.loss(), detection.classes()));
    }

    /** Whether outputs are class scores, which evaluation turns into accuracy and a confusion matrix. */
    boolean scoresClasses() {
        return kind != io.nas4j.core.network.Loss.DETECTION;
    }

    /** The target tensor for the examples at {@code indices} of {@code data}: dense targets or made from labels. */
    NDArray targets(NDManager manager, Dataset data, int[] indices) {
        if (kind == io.nas4j.core.network.Loss.DETECTION) {
            io.nas4j.core.network.Shape shape = data.targetShape();
            float[] values = new float[Math.toIntExact(indices.length * shape.elements())];
            data.copyTargets(indices, values);
            return manager.create(values, OpBlocks.batched(shape, indices.length));
        }
        int[] labels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            labels[row] = data.label(indices[row]);
        }
        return targets(manager, labels);
    }

    Loss function() {
        return function;
    }

    /** The target tensor for the examples with these labels, in {@code manager}. */
    NDArray targets(NDManager manager, int[] labels) {
        if (kind == io.nas4j.core.network.Loss.SOFTMAX_CROSS_ENTROPY) {
            long[] classes = new long[labels.length];
            for (int row = 0; row < labels.length; row++) {
                classes[row] = labels[row];
            }
            return manager.create(classes);
        }
        float[] targets = new float[labels.length * outputs];
        for (int row = 0; row < labels.length; row++) {
            if (outputs == 1) {
                targets[row] = labels[row];
            } else {
                targets[row * outputs + labels[row]] = 1f;
            }
        }
        return manager.create(targets, new Shape(labels.length, outputs));
    }

    /** The class that one output row predicts. */
    int predictedClass(float[] row, int classes) {
        if (outputs == 1) {
            if (kind == io.nas4j.core.network.Loss.BINARY_CROSS_ENTROPY) {
                return row[0] > 0 ? 1 : 0;
            }
            return Math.max(0, Math.min(classes - 1, Math.round(row[0])));
        }
        int best = 0;
        for (int index = 1; index < row.length; index++) {
            if (row[index] > row[best]) {
                best = index;
            }
        }
        return best;
    }
}
