package io.nas4j.core.network;

import java.util.Objects;

/**
 * The terms of the {@link Loss#DETECTION} loss, as a {@link Op.DetectionOutput} declares them, and the
 * layout of the dense targets every backend trains it from. The same formula in every backend:
 *
 * <h2>Targets</h2>
 * One row of {@value #TARGET_WIDTH} floats per anchor, in the order of the network's output rows:
 * <ol start="0">
 *   <li>{@link #OBJECTNESS}: 1 for an anchor assigned to an object (a positive), 0 otherwise;</li>
 *   <li>{@link #WEIGHT}: 1 when the anchor's objectness counts, 0 when it is ignored (an anchor that
 *       overlaps an object too much to be background and too little to be assigned to it);</li>
 *   <li>{@link #BOX} to {@code BOX + 3}: the assigned object's box encoded against the anchor
 *       ({@link DetectionLayout#encode}); 0 for other anchors;</li>
 *   <li>{@link #CLASS}: the assigned object's class index, as a float; 0 for other anchors;</li>
 *   <li>{@link #ANCHOR} to {@code ANCHOR + 3}: the anchor's centre x, centre y, width and height in input
 *       pixels, so that a backend can decode boxes (for GIoU) without knowing the network's levels.</li>
 * </ol>
 *
 * <h2>Loss</h2>
 * With output rows {@code o} (objectness logit), {@code t} (four offsets) and {@code c} (class logits),
 * summed over every anchor of every example of a batch and divided by {@code max(1, P)}, where {@code P}
 * is the number of positives in the batch (RetinaNet's normalisation):
 * <pre>
 *   WEIGHT * objectness(o, OBJECTNESS)  +  OBJECTNESS * (box(t, BOX) + crossEntropy(softmax(c), CLASS))
 * </pre>
 * <ul>
 *   <li>objectness {@link Objectness#BINARY_CROSS_ENTROPY}: sigmoid cross entropy of the logit;
 *       {@link Objectness#FOCAL}: the focal loss {@code -alpha_t (1 - p_t)^gamma log(p_t)} with
 *       {@value #FOCAL_ALPHA} and {@value #FOCAL_GAMMA};</li>
 *   <li>box {@link Box#SMOOTH_L1}: smooth L1 of the offsets against the encoded target, beta
 *       {@value #SMOOTH_L1_BETA}, summed over the four offsets; {@link Box#GIOU}: {@code 1 - GIoU} of the
 *       decoded predicted box and the decoded target box;</li>
 *   <li>class: softmax cross entropy of the class logits against the class index (zero for one class).</li>
 * </ul>
 *
 * @param objectness the objectness term
 * @param box        the box regression term
 */
public record DetectionLoss(Objectness objectness, Box box) {

    /** Floats per anchor in the dense targets. */
    public static final int TARGET_WIDTH = 11;
    public static final int OBJECTNESS = 0;
    public static final int WEIGHT = 1;
    public static final int BOX = 2;
    public static final int CLASS = 6;
    public static final int ANCHOR = 7;

    public static final double FOCAL_ALPHA = 0.25;
    public static final double FOCAL_GAMMA = 2.0;
    public static final double SMOOTH_L1_BETA = 1.0 / 9;

    /** How objectness is scored. */
    public enum Objectness { BINARY_CROSS_ENTROPY, FOCAL }

    /** How box offsets are scored. */
    public enum Box { SMOOTH_L1, GIOU }

    public DetectionLoss {
        Objects.requireNonNull(objectness, "objectness");
        Objects.requireNonNull(box, "box");
    }

    /** Focal objectness and smooth L1 boxes, RetinaNet's choice. */
    public static DetectionLoss defaults() {
        return new DetectionLoss(Objectness.FOCAL, Box.SMOOTH_L1);
    }
}
