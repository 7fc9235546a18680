package io.nas4j.tasks.detection;

import io.nas4j.core.network.DetectionLayout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Turns one image's raw detector output (a row of {@code anchors * (5 + classes)} floats, as
 * {@code TrainingBackend.predict} returns it) into detections: each anchor's score for a class is
 * {@code sigmoid(objectness) * softmax(class logits)[class]} (the class probability is 1 with one class);
 * an anchor proposes its best class when that score reaches {@code scoreThreshold}; the best
 * {@code candidates} proposals by score are decoded ({@link DetectionLayout#decode}), clipped to the image,
 * and reduced by {@link NonMaximumSuppression} to at most {@code maxDetections}. Boxes that clip to nothing
 * are dropped.
 *
 * @param layout         the network's anchors
 * @param scoreThreshold the lowest score kept, in [0, 1)
 * @param nmsIou         the suppression threshold
 * @param candidates     proposals kept before suppression
 * @param maxDetections  detections kept per image
 */
public record DetectionDecoder(DetectionLayout layout, double scoreThreshold, double nmsIou, int candidates,
                               int maxDetections) {

    public DetectionDecoder {
        Objects.requireNonNull(layout, "layout");
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("the score threshold must be in [0, 1), got " + scoreThreshold);
        }
        if (candidates < 1 || maxDetections < 1) {
            throw new IllegalArgumentException("candidates and maxDetections must be positive");
        }
    }

    /** Score threshold 0.01, NMS at IoU 0.5, 200 candidates, 100 detections per image. */
    public static DetectionDecoder of(DetectionLayout layout) {
        return new DetectionDecoder(layout, 0.01, 0.5, 200, 100);
    }

    public List<Detection> decode(float[] row) {
        int outputs = layout.outputsPerAnchor();
        if (row.length != layout.anchors() * outputs) {
            throw new IllegalArgumentException("a row of " + layout.anchors() + " anchors needs " + layout.anchors() * outputs
                    + " values, got " + row.length);
        }
        int classes = layout.classes();
        List<double[]> proposals = new ArrayList<>();
        double[] probabilities = new double[classes];
        for (int anchor = 0; anchor < layout.anchors(); anchor++) {
            int start = anchor * outputs;
            double objectness = 1 / (1 + Math.exp(-row[start]));
            if (objectness < scoreThreshold) {
                continue;
            }
            int label = softmax(row, start + 5, classes, probabilities);
            double score = objectness * probabilities[label];
            if (score >= scoreThreshold) {
                proposals.add(new double[] {score, anchor, label});
            }
        }
        proposals.sort(Comparator.comparingDouble((double[] proposal) -> proposal[0]).reversed());
        List<Detection> detections = new ArrayList<>();
        double width = layout.input().spatial(1);
        double height = layout.input().spatial(0);
        for (double[] proposal : proposals.subList(0, Math.min(candidates, proposals.size()))) {
            int anchor = (int) proposal[1];
            int start = anchor * outputs;
            double[] corners = layout.decode(anchor, row[start + 1], row[start + 2], row[start + 3], row[start + 4]);
            if (!(Double.isFinite(corners[0]) && Double.isFinite(corners[1]) && Double.isFinite(corners[2])
                    && Double.isFinite(corners[3]))) {
                continue;
            }
            Box box = new Box(corners[0], corners[1], Math.max(corners[0], corners[2]), Math.max(corners[1], corners[3]))
                    .clipped(width, height);
            if (box.area() > 0) {
                detections.add(new Detection((int) proposal[2], Math.min(1, proposal[0]), box));
            }
        }
        return NonMaximumSuppression.apply(detections, nmsIou, maxDetections);
    }

    /** Fills {@code probabilities} with the softmax of {@code count} logits from {@code start}; returns the argmax. */
    private static int softmax(float[] row, int start, int count, double[] probabilities) {
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (row[start + k] > row[start + best]) {
                best = k;
            }
        }
        double sum = 0;
        for (int k = 0; k < count; k++) {
            probabilities[k] = Math.exp(row[start + k] - row[start + best]);
            sum += probabilities[k];
        }
        for (int k = 0; k < count; k++) {
            probabilities[k] /= sum;
        }
        return best;
    }
}
