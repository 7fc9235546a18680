package io.nas4j.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The head of a single-stage anchor-based detector: on every chosen feature level a {@link Op.DetectionHead}
 * (a 3x3 convolution to objectness, box offsets and class scores per anchor), gathered by one
 * {@link Op.DetectionOutput} that declares the anchors and the {@link DetectionLoss}. Anchor sizes are given
 * relative to each level's stride (input pixels per feature-map position), as in feature pyramid
 * detectors: scale 2 on a level of stride 8 is a 16-pixel anchor.
 *
 * <p>Any search space can finish a detector with {@link #attach(NetworkSpec.Builder, String)} (one level,
 * this head's anchor scales and ratios); spaces that offer several levels and their own anchor choices,
 * such as {@code DetectorSpace}, call {@link #attach(NetworkSpec.Builder, List, List, List)}.
 *
 * @param input        the shape of one image, {@code [C, H, W]}
 * @param classes      object classes, at least 1
 * @param terms        the loss terms the detection output declares
 * @param anchorScales anchor sizes in strides of their level
 * @param aspectRatios anchor height-to-width ratios
 */
public record DetectorHead(Shape input, int classes, DetectionLoss terms, List<Double> anchorScales,
                           List<Double> aspectRatios) implements TaskHead {

    public DetectorHead {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(terms, "terms");
        if (input.spatialDims() != 2) {
            throw new IllegalArgumentException("a detector takes images [C, H, W], got " + input);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("a detector needs at least 1 class, got " + classes);
        }
        anchorScales = List.copyOf(anchorScales);
        aspectRatios = List.copyOf(aspectRatios);
        // an anchor set checks that there is at least one scale and ratio, each positive and finite
        new AnchorSet(anchorScales, aspectRatios);
    }

    /** This head with other loss terms. */
    public DetectorHead withTerms(DetectionLoss value) {
        return new DetectorHead(input, classes, value, anchorScales, aspectRatios);
    }

    /** Focal and smooth L1 loss, anchors of 2 and 3 strides, ratios 1 and 2 (tall). */
    public static DetectorHead of(Shape input, int classes) {
        return new DetectorHead(input, classes, DetectionLoss.defaults(), List.of(2.0, 3.0), List.of(1.0, 2.0));
    }

    /** One level on {@code features} with this head's anchors. */
    @Override
    public String attach(NetworkSpec.Builder builder, String features) {
        return attach(builder, List.of(features), anchorScales, aspectRatios);
    }

    /**
     * A head on each of {@code levels} (finest first, by convention) with anchors of {@code scales} strides
     * and {@code ratios}, and the detection output over all of them; returns the output's id.
     */
    public String attach(NetworkSpec.Builder builder, List<String> levels, List<Double> scales, List<Double> ratios) {
        Objects.requireNonNull(builder, "builder");
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a detector needs at least one feature level");
        }
        List<AnchorSet> anchors = new ArrayList<>();
        List<String> maps = new ArrayList<>();
        int perPosition = new AnchorSet(scales, ratios).perPosition();
        for (int level = 0; level < levels.size(); level++) {
            double stride = stride(builder, levels.get(level));
            anchors.add(new AnchorSet(scales.stream().map(scale -> scale * stride).toList(), ratios));
            maps.add(builder.add("head" + level, new Op.DetectionHead(classes, perPosition), levels.get(level)));
        }
        return builder.add("detections", new Op.DetectionOutput(classes, anchors, terms), maps);
    }

    @Override
    public Loss loss() {
        return Loss.DETECTION;
    }

    /**
     * Input pixels per position of {@code features} (the geometric mean of both axes); 1 when the network so
     * far is invalid, which the analysis of the finished network reports anyway.
     */
    private double stride(NetworkSpec.Builder builder, String features) {
        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(features, Loss.DETECTION));
        if (!analysis.valid()) {
            return 1;
        }
        Shape map = analysis.outputShape();
        if (map.spatialDims() != 2) {
            return 1;
        }
        double strideY = (double) input.spatial(0) / map.spatial(0);
        double strideX = (double) input.spatial(1) / map.spatial(1);
        return Math.sqrt(strideY * strideX);
    }
}
