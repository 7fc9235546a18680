package io.nas4j.backend.tensorflow;

import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A network's declared {@link Loss} over a dataset of class labels, in TensorFlow terms: the loss op on
 * the logits, the target rows made from labels, the class an output row predicts and, for evaluation, the
 * same loss of one row computed in Java. The same semantics as the DJL backend's:
 * <ul>
 *   <li>softmax cross entropy against one-hot targets ({@code SoftmaxCrossEntropyWithLogits}; the sparse
 *       op has no gradient in graph mode), mean over the batch;</li>
 *   <li>binary cross entropy on logits, {@code max(x, 0) - x y + log(1 + exp(-|x|))}, mean over all outputs;</li>
 *   <li>mean squared error, mean over all outputs.</li>
 * </ul>
 * Vector targets are one-hot over the outputs, or for a single output the label itself; a single-output
 * network predicts class 1 when its logit is positive (cross entropy) or the nearest class (squared error).
 *
 * <p>The {@link Loss#DETECTION} loss trains against a dataset's dense targets ({@link Dataset#targetShape()})
 * instead: one row per anchor, read in bulk, with the terms the network's {@link Op.DetectionOutput}
 * declares ({@link DetectionLossGraph}). It scores no classes; its evaluation loss comes from the graph.
 */
final class TrainingLoss {

    private final Loss kind;
    private final int outputs;
    private final Op.DetectionOutput detection;

    private TrainingLoss(Loss kind, int outputs, Op.DetectionOutput detection) {
        this.kind = kind;
        this.outputs = outputs;
        this.detection = detection;
    }

    /**
     * The loss of {@code spec} over {@code data}; throws {@link IllegalArgumentException} when the loss is
     * not supported or the network's output does not fit the dataset.
     */
    static TrainingLoss of(NetworkSpec spec, Shape output, Dataset data) {
        Loss kind = spec.loss();
        if (kind == Loss.DETECTION) {
            return detection(spec, output, data);
        }
        if (output.rank() != 1) {
            throw new IllegalArgumentException("loss " + kind + " needs a feature-vector output [C], but the network "
                    + "outputs " + output + "; end it with a global pool or flatten and a linear layer");
        }
        int outputs = output.channels();
        boolean singleOutput = outputs == 1 && kind != Loss.SOFTMAX_CROSS_ENTROPY;
        if (!singleOutput && outputs != data.classes()) {
            throw new IllegalArgumentException("the network outputs " + outputs + " values but " + data.name()
                    + " has " + data.classes() + " classes");
        }
        requireInputs(spec, data);
        return new TrainingLoss(kind, outputs, null);
    }

    /** The detection loss, with the DJL backend's checks and messages. */
    private static TrainingLoss detection(NetworkSpec spec, Shape output, Dataset data) {
        if (!(spec.node(spec.output()).op() instanceof Op.DetectionOutput detection)) {
            throw new IllegalArgumentException("loss DETECTION needs the network to end in a detection_output node, but "
                    + spec.output() + " is " + spec.node(spec.output()).op().kind());
        }
        Shape targets = data.targetShape();
        Shape expected = Shape.of(output.channels(), DetectionLoss.TARGET_WIDTH);
        if (targets == null) {
            throw new IllegalArgumentException("loss DETECTION trains on dense targets, but " + data.name()
                    + " carries class labels only");
        }
        if (!targets.equals(expected)) {
            throw new IllegalArgumentException("the network has " + output.channels() + " anchors and needs targets of shape "
                    + expected + ", but " + data.name() + " has " + targets);
        }
        requireInputs(spec, data);
        return new TrainingLoss(Loss.DETECTION, output.channels(), detection);
    }

    /** Throws {@link IllegalArgumentException} when {@code data}'s examples are not the network's input. */
    static void requireInputs(NetworkSpec spec, Dataset data) {
        if (!data.inputShape().equals(spec.input())) {
            throw new IllegalArgumentException("the network takes inputs of shape " + spec.input() + " but "
                    + data.name() + " has " + data.inputShape());
        }
    }

    /** Whether outputs are class scores, which evaluation turns into accuracy and a confusion matrix. */
    boolean scoresClasses() {
        return kind != Loss.DETECTION;
    }

    /**
     * The shape of a batch of targets, the batch axis unknown: {@code [-1, outputs]}, or for detection
     * {@code [-1, anchors, TARGET_WIDTH]}.
     */
    long[] targetShape() {
        return kind == Loss.DETECTION ? new long[] {-1, outputs, DetectionLoss.TARGET_WIDTH} : new long[] {-1, outputs};
    }

    /** {@link #targetShape()} for a batch of {@code count} examples. */
    long[] targetShape(int count) {
        long[] shape = targetShape();
        shape[0] = count;
        return shape;
    }

    /**
     * The loss of a batch of network outputs against {@code targets} ({@link #targetShape()}): the mean over
     * the batch for the class losses, the normalised sum of {@link DetectionLossGraph} for detection.
     */
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
        if (kind == Loss.DETECTION) {
            return new DetectionLossGraph(tf, detection.loss(), detection.classes()).build(logits, targets);
        }
        Operand<TFloat32> perElement = switch (kind) {
            case SOFTMAX_CROSS_ENTROPY -> tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
            case BINARY_CROSS_ENTROPY -> tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, targets)),
                    tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
            case MEAN_SQUARED_ERROR -> tf.math.square(tf.math.sub(logits, targets));
            case DETECTION -> throw new IllegalStateException("built above");
        };
        return tf.math.mean(tf.reshape(perElement, tf.constant(new int[] {-1})), tf.constant(0));
    }

    /** The targets of the examples at {@code indices} of {@code data}: dense targets, or made from labels. */
    float[] targets(Dataset data, int[] indices) {
        if (kind == Loss.DETECTION) {
            float[] values = new float[Math.toIntExact(indices.length * data.targetShape().elements())];
            data.copyTargets(indices, values);
            return values;
        }
        int[] labels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            labels[row] = data.label(indices[row]);
        }
        return targets(labels);
    }

    /** The target rows for the examples with these labels, {@code labels.length * outputs} values. */
    private float[] targets(int[] labels) {
        float[] targets = new float[labels.length * outputs];
        for (int row = 0; row < labels.length; row++) {
            if (outputs == 1) {
                targets[row] = labels[row];
            } else {
                targets[row * outputs + labels[row]] = 1f;
            }
        }
        return targets;
    }

    /** The loss of one output row against its label, as {@link #build} computes it. */
    double loss(float[] row, int label) {
        switch (kind) {
            case SOFTMAX_CROSS_ENTROPY -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float value : row) {
                    max = Math.max(max, value);
                }
                double sum = 0;
                for (float value : row) {
                    sum += Math.exp(value - max);
                }
                return max + Math.log(sum) - row[label];
            }
            case BINARY_CROSS_ENTROPY, MEAN_SQUARED_ERROR -> {
                double total = 0;
                for (int index = 0; index < row.length; index++) {
                    double x = row[index];
                    double y = outputs == 1 ? label : (index == label ? 1 : 0);
                    total += kind == Loss.MEAN_SQUARED_ERROR
                            ? (x - y) * (x - y)
                            : Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                }
                return total / row.length;
            }
            default -> throw new IllegalStateException("a detection loss is evaluated in the graph");
        }
    }

    /** The class that one output row predicts. */
    int predictedClass(float[] row, int classes) {
        if (outputs == 1) {
            if (kind == Loss.BINARY_CROSS_ENTROPY) {
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
