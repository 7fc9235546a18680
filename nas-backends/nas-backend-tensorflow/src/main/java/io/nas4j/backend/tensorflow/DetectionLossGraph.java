package io.nas4j.backend.tensorflow;

import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectionLoss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The {@link io.nas4j.core.network.Loss#DETECTION} loss as TensorFlow ops, exactly as {@link DetectionLoss}
 * specifies it and as the DJL backend computes it: predictions {@code [B, anchors, 5 + classes]}, dense
 * targets {@code [B, anchors, TARGET_WIDTH]}; the objectness term over the anchors that count, box and class
 * terms over the positives, the sum divided by the number of positives in the batch (at least 1).
 *
 * <p>Only ops whose gradients TensorFlow registers for graph mode are on the path from the predictions:
 * slices, reshapes, {@code Abs}, {@code Minimum}/{@code Maximum}, {@code Exp}, {@code Log1p},
 * {@code Sigmoid}, {@code Pow}, {@code RealDiv}, {@code Sum} and {@code SoftmaxCrossEntropyWithLogits}
 * against one-hot classes (the sparse op has no gradient). Smooth L1 is written without a select:
 * with {@code d = |x - t|} and {@code m = min(d, beta)} it is {@code m^2 / (2 beta) + d - m}.
 */
final class DetectionLossGraph {

    private static final float EPSILON = 1e-7f;

    private final Ops tf;
    private final DetectionLoss terms;
    private final int classes;

    DetectionLossGraph(Ops tf, DetectionLoss terms, int classes) {
        this.tf = tf;
        this.terms = terms;
        this.classes = classes;
    }

    /** The scalar loss of {@code predictions} against {@code targets}; any leading batch shape. */
    Operand<TFloat32> build(Operand<TFloat32> predictions, Operand<TFloat32> targets) {
        Operand<TFloat32> rows = tf.reshape(predictions, tf.constant(new int[] {-1, 5 + classes}));
        Operand<TFloat32> truth = tf.reshape(targets, tf.constant(new int[] {-1, DetectionLoss.TARGET_WIDTH}));
        Operand<TFloat32> positive = column(truth, DetectionLoss.OBJECTNESS);
        Operand<TFloat32> weight = column(truth, DetectionLoss.WEIGHT);
        Operand<TFloat32> normaliser = tf.math.maximum(sum(positive), tf.constant(1f));

        Operand<TFloat32> logits = column(rows, 0);
        Operand<TFloat32> objectness = sigmoidCrossEntropy(logits, positive);
        if (terms.objectness() == DetectionLoss.Objectness.FOCAL) {
            Operand<TFloat32> probability = tf.math.sigmoid(logits);
            Operand<TFloat32> probabilityOfTruth = tf.math.add(tf.math.mul(probability, positive),
                    tf.math.mul(oneMinus(probability), oneMinus(positive)));
            Operand<TFloat32> alpha = tf.math.add(tf.math.mul(positive, tf.constant((float) (2 * DetectionLoss.FOCAL_ALPHA - 1))),
                    tf.constant((float) (1 - DetectionLoss.FOCAL_ALPHA)));
            Operand<TFloat32> modulation = tf.math.pow(oneMinus(probabilityOfTruth), tf.constant((float) DetectionLoss.FOCAL_GAMMA));
            objectness = tf.math.mul(tf.math.mul(objectness, alpha), modulation);
        }

        Operand<TFloat32> offsets = columns(rows, 1, 4);
        Operand<TFloat32> boxTargets = columns(truth, DetectionLoss.BOX, 4);
        Operand<TFloat32> perPositive = terms.box() == DetectionLoss.Box.SMOOTH_L1
                ? smoothL1(offsets, boxTargets)
                : generalizedIouLoss(offsets, boxTargets, columns(truth, DetectionLoss.ANCHOR, 4));
        if (classes > 1) {
            Operand<TInt32> classIndex = tf.dtypes.cast(column(truth, DetectionLoss.CLASS), TInt32.class);
            Operand<TFloat32> oneHot = tf.oneHot(classIndex, tf.constant(classes), tf.constant(1f), tf.constant(0f));
            perPositive = tf.math.add(perPositive,
                    tf.nn.softmaxCrossEntropyWithLogits(columns(rows, 5, classes), oneHot).loss());
        }
        Operand<TFloat32> total = tf.math.add(sum(tf.math.mul(objectness, weight)), sum(tf.math.mul(perPositive, positive)));
        return tf.math.realDiv(total, normaliser);
    }

    /** {@code max(x, 0) - x t + log(1 + exp(-|x|))}, stable for any logit. */
    private Operand<TFloat32> sigmoidCrossEntropy(Operand<TFloat32> logits, Operand<TFloat32> truth) {
        return tf.math.add(tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, truth)),
                tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    }

    /** Smooth L1 summed over the four offsets: {@code 0.5 d^2 / beta} below beta, {@code d - 0.5 beta} above. */
    private Operand<TFloat32> smoothL1(Operand<TFloat32> offsets, Operand<TFloat32> truth) {
        float beta = (float) DetectionLoss.SMOOTH_L1_BETA;
        Operand<TFloat32> distance = tf.math.abs(tf.math.sub(offsets, truth));
        Operand<TFloat32> quadratic = tf.math.minimum(distance, tf.constant(beta));
        Operand<TFloat32> value = tf.math.add(tf.math.mul(tf.math.square(quadratic), tf.constant(0.5f / beta)),
                tf.math.sub(distance, quadratic));
        return tf.sum(value, tf.constant(1));
    }

    /** {@code 1 - GIoU} of the boxes that the predicted and the target offsets decode to. */
    private Operand<TFloat32> generalizedIouLoss(Operand<TFloat32> offsets, Operand<TFloat32> truth,
                                                 Operand<TFloat32> anchors) {
        Corners predicted = corners(offsets, anchors);
        Corners target = corners(truth, anchors);
        Operand<TFloat32> zero = tf.constant(0f);
        Operand<TFloat32> width = tf.math.maximum(tf.math.sub(tf.math.minimum(predicted.x2(), target.x2()),
                tf.math.maximum(predicted.x1(), target.x1())), zero);
        Operand<TFloat32> height = tf.math.maximum(tf.math.sub(tf.math.minimum(predicted.y2(), target.y2()),
                tf.math.maximum(predicted.y1(), target.y1())), zero);
        Operand<TFloat32> intersection = tf.math.mul(width, height);
        Operand<TFloat32> union = tf.math.add(tf.math.sub(tf.math.add(area(predicted), area(target)), intersection),
                tf.constant(EPSILON));
        Operand<TFloat32> enclosing = tf.math.add(tf.math.mul(
                tf.math.sub(tf.math.maximum(predicted.x2(), target.x2()), tf.math.minimum(predicted.x1(), target.x1())),
                tf.math.sub(tf.math.maximum(predicted.y2(), target.y2()), tf.math.minimum(predicted.y1(), target.y1()))),
                tf.constant(EPSILON));
        Operand<TFloat32> generalized = tf.math.sub(tf.math.realDiv(intersection, union),
                tf.math.realDiv(tf.math.sub(enclosing, union), enclosing));
        return oneMinus(generalized);
    }

    /** The corners of one box per anchor, each {@code [N]}. */
    private record Corners(Operand<TFloat32> x1, Operand<TFloat32> y1, Operand<TFloat32> x2, Operand<TFloat32> y2) {
    }

    /** The boxes {@code [N, 4]} offsets give against anchors {@code [N, 4]} (centre x, centre y, width, height). */
    private Corners corners(Operand<TFloat32> offsets, Operand<TFloat32> anchors) {
        Operand<TFloat32> anchorWidth = column(anchors, 2);
        Operand<TFloat32> anchorHeight = column(anchors, 3);
        Operand<TFloat32> x = tf.math.add(column(anchors, 0), tf.math.mul(column(offsets, 0), anchorWidth));
        Operand<TFloat32> y = tf.math.add(column(anchors, 1), tf.math.mul(column(offsets, 1), anchorHeight));
        Operand<TFloat32> clamp = tf.constant((float) DetectionLayout.MAXIMUM_LOG_SCALE);
        Operand<TFloat32> half = tf.constant(0.5f);
        Operand<TFloat32> halfWidth = tf.math.mul(tf.math.mul(tf.math.exp(tf.math.minimum(column(offsets, 2), clamp)),
                anchorWidth), half);
        Operand<TFloat32> halfHeight = tf.math.mul(tf.math.mul(tf.math.exp(tf.math.minimum(column(offsets, 3), clamp)),
                anchorHeight), half);
        return new Corners(tf.math.sub(x, halfWidth), tf.math.sub(y, halfHeight), tf.math.add(x, halfWidth),
                tf.math.add(y, halfHeight));
    }

    private Operand<TFloat32> area(Corners box) {
        return tf.math.mul(tf.math.sub(box.x2(), box.x1()), tf.math.sub(box.y2(), box.y1()));
    }

    private Operand<TFloat32> oneMinus(Operand<TFloat32> x) {
        return tf.math.sub(tf.constant(1f), x);
    }

    private Operand<TFloat32> sum(Operand<TFloat32> x) {
        return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    }

    /** Column {@code index} of a {@code [N, width]} tensor, as {@code [N]}. */
    private Operand<TFloat32> column(Operand<TFloat32> matrix, int index) {
        return tf.reshape(columns(matrix, index, 1), tf.constant(new int[] {-1}));
    }

    /** Columns {@code from} to {@code from + count - 1} of a {@code [N, width]} tensor. */
    private Operand<TFloat32> columns(Operand<TFloat32> matrix, int from, int count) {
        return tf.slice(matrix, tf.constant(new int[] {0, from}), tf.constant(new int[] {-1, count}));
    }
}
