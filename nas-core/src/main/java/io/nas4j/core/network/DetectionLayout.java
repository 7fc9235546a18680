package io.nas4j.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a detector's anchors lie and how its box offsets are read: what decoding predictions and
 * assigning targets need to know about a network, taken from its {@link Op.DetectionOutput} and the
 * feature-map sizes the core's analysis infers. Anchors are listed in the order of the output rows
 * (levels in order; within a level by row {@code y}, column {@code x}, then anchor). A level of
 * {@code H x W} positions on an input of {@code IH x IW} pixels has strides {@code IH / H} and
 * {@code IW / W}, and the anchors of position {@code (y, x)} are centred at
 * {@code ((x + 0.5) * strideX, (y + 0.5) * strideY)}.
 *
 * <p>Box offsets follow Faster R-CNN: a box with centre {@code (x, y)} and size {@code w x h} is encoded
 * against an anchor {@code (ax, ay, aw, ah)} as {@code ((x - ax) / aw, (y - ay) / ah, ln(w / aw), ln(h / ah))};
 * decoding clamps the two log-size offsets at {@value #MAXIMUM_LOG_SCALE} so that an untrained network
 * cannot overflow. Immutable.
 */
public final class DetectionLayout {

    /** The largest log-size offset decoding applies, {@code ln(1000 / 16)} as in Detectron. */
    public static final double MAXIMUM_LOG_SCALE = 4.135166556742356;

    private final Shape input;
    private final int classes;
    private final DetectionLoss loss;
    private final double[] anchors;
    private final int count;

    private DetectionLayout(Shape input, int classes, DetectionLoss loss, double[] anchors) {
        this.input = input;
        this.classes = classes;
        this.loss = loss;
        this.anchors = anchors;
        this.count = anchors.length / 4;
    }

    /**
     * The layout of {@code spec}, whose output node must be a {@link Op.DetectionOutput}.
     *
     * @throws IllegalArgumentException when the output is not a detection output or the network is invalid
     */
    public static DetectionLayout of(NetworkSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Node output = spec.node(spec.output());
        if (!(output.op() instanceof Op.DetectionOutput detection)) {
            throw new IllegalArgumentException("a detector's output must be a detection_output node, but "
                    + spec.output() + " is " + output.op().kind());
        }
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        if (!analysis.valid()) {
            throw new IllegalArgumentException("the network is invalid: " + analysis.invalidReason().orElseThrow());
        }
        List<Double> values = new ArrayList<>();
        for (int level = 0; level < detection.levels().size(); level++) {
            Shape map = analysis.shapes().get(output.inputs().get(level));
            AnchorSet set = detection.levels().get(level);
            int height = map.spatial(0);
            int width = map.spatial(1);
            double strideY = (double) spec.input().spatial(0) / height;
            double strideX = (double) spec.input().spatial(1) / width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int anchor = 0; anchor < set.perPosition(); anchor++) {
                        values.add((x + 0.5) * strideX);
                        values.add((y + 0.5) * strideY);
                        values.add(set.width(anchor));
                        values.add(set.height(anchor));
                    }
                }
            }
        }
        double[] anchors = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new DetectionLayout(spec.input(), detection.classes(), detection.loss(), anchors);
    }

    /** The network's input shape. */
    public Shape input() {
        return input;
    }

    public int classes() {
        return classes;
    }

    public DetectionLoss loss() {
        return loss;
    }

    /** The number of anchors: the output's rows. */
    public int anchors() {
        return count;
    }

    /** Floats per output row: objectness, four offsets, the class logits. */
    public int outputsPerAnchor() {
        return 5 + classes;
    }

    /** Anchor {@code index} as centre x, centre y, width and height in input pixels (a new array). */
    public double[] anchor(int index) {
        Objects.checkIndex(index, count);
        return new double[] {anchors[4 * index], anchors[4 * index + 1], anchors[4 * index + 2], anchors[4 * index + 3]};
    }

    /** The offsets of the box with corners {@code (x1, y1, x2, y2)} against anchor {@code index}. */
    public double[] encode(int index, double x1, double y1, double x2, double y2) {
        double[] anchor = anchor(index);
        double width = x2 - x1;
        double height = y2 - y1;
        if (!(width > 0 && height > 0)) {
            throw new IllegalArgumentException("a box needs a positive width and height, got " + width + " x " + height);
        }
        return new double[] {
                ((x1 + x2) / 2 - anchor[0]) / anchor[2],
                ((y1 + y2) / 2 - anchor[1]) / anchor[3],
                Math.log(width / anchor[2]),
                Math.log(height / anchor[3])};
    }

    /** The corners {@code (x1, y1, x2, y2)} that offsets {@code (dx, dy, dw, dh)} give for anchor {@code index}. */
    public double[] decode(int index, double dx, double dy, double dw, double dh) {
        double[] anchor = anchor(index);
        double x = anchor[0] + dx * anchor[2];
        double y = anchor[1] + dy * anchor[3];
        double width = anchor[2] * Math.exp(Math.min(dw, MAXIMUM_LOG_SCALE));
        double height = anchor[3] * Math.exp(Math.min(dh, MAXIMUM_LOG_SCALE));
        return new double[] {x - width / 2, y - height / 2, x + width / 2, y + height / 2};
    }
}
