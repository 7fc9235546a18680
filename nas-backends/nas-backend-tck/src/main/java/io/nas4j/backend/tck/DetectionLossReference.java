package io.nas4j.backend.tck;

import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectionLoss;

/**
 * The {@link io.nas4j.core.network.Loss#DETECTION} loss of one batch computed in plain Java, in double
 * precision, straight from {@link DetectionLoss}'s definition: what every backend's loss is checked against.
 * Written anchor by anchor, with none of a backend's vectorisation, so that it shares no mistake with one.
 */
public final class DetectionLossReference {

    private DetectionLossReference() {
    }

    /**
     * The loss of a batch.
     *
     * @param terms       the declared terms
     * @param classes     the detector's classes
     * @param predictions the output rows of every anchor of every example, {@code 5 + classes} floats each
     * @param targets     the dense targets of the same anchors, {@link DetectionLoss#TARGET_WIDTH} floats each
     */
    public static double value(DetectionLoss terms, int classes, float[] predictions, float[] targets) {
        int width = 5 + classes;
        int rows = predictions.length / width;
        if (predictions.length != rows * width || targets.length != rows * DetectionLoss.TARGET_WIDTH) {
            throw new IllegalArgumentException(predictions.length + " predictions and " + targets.length
                    + " targets are not rows of " + width + " and " + DetectionLoss.TARGET_WIDTH);
        }
        double positives = 0;
        double sum = 0;
        for (int row = 0; row < rows; row++) {
            int p = row * width;
            int t = row * DetectionLoss.TARGET_WIDTH;
            double positive = targets[t + DetectionLoss.OBJECTNESS];
            positives += positive;
            sum += targets[t + DetectionLoss.WEIGHT] * objectness(terms.objectness(), predictions[p], positive);
            if (positive != 0) {
                double[] offsets = {predictions[p + 1], predictions[p + 2], predictions[p + 3], predictions[p + 4]};
                double[] truth = new double[4];
                double[] anchor = new double[4];
                for (int k = 0; k < 4; k++) {
                    truth[k] = targets[t + DetectionLoss.BOX + k];
                    anchor[k] = targets[t + DetectionLoss.ANCHOR + k];
                }
                double box = terms.box() == DetectionLoss.Box.SMOOTH_L1
                        ? smoothL1(offsets, truth)
                        : 1 - generalizedIou(decode(offsets, anchor), decode(truth, anchor));
                double classTerm = classes == 1 ? 0
                        : crossEntropy(predictions, p + 5, classes, (int) targets[t + DetectionLoss.CLASS]);
                sum += positive * (box + classTerm);
            }
        }
        return sum / Math.max(1, positives);
    }

    /** Sigmoid cross entropy {@code -log p_t}, stable for any logit, and the focal loss made from it. */
    private static double objectness(DetectionLoss.Objectness kind, double logit, double truth) {
        double crossEntropy = Math.max(logit, 0) - logit * truth + Math.log1p(Math.exp(-Math.abs(logit)));
        if (kind == DetectionLoss.Objectness.BINARY_CROSS_ENTROPY) {
            return crossEntropy;
        }
        double probabilityOfTruth = Math.exp(-crossEntropy);
        double alpha = truth == 1 ? DetectionLoss.FOCAL_ALPHA : 1 - DetectionLoss.FOCAL_ALPHA;
        return alpha * Math.pow(1 - probabilityOfTruth, DetectionLoss.FOCAL_GAMMA) * crossEntropy;
    }

    private static double smoothL1(double[] offsets, double[] truth) {
        double beta = DetectionLoss.SMOOTH_L1_BETA;
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            double distance = Math.abs(offsets[k] - truth[k]);
            sum += distance < beta ? 0.5 * distance * distance / beta : distance - 0.5 * beta;
        }
        return sum;
    }

    /** Corners of the box offsets give against an anchor (centre x, centre y, width, height), as decoding clamps them. */
    private static double[] decode(double[] offsets, double[] anchor) {
        double x = anchor[0] + offsets[0] * anchor[2];
        double y = anchor[1] + offsets[1] * anchor[3];
        double width = anchor[2] * Math.exp(Math.min(offsets[2], DetectionLayout.MAXIMUM_LOG_SCALE));
        double height = anchor[3] * Math.exp(Math.min(offsets[3], DetectionLayout.MAXIMUM_LOG_SCALE));
        return new double[] {x - width / 2, y - height / 2, x + width / 2, y + height / 2};
    }

    private static double generalizedIou(double[] a, double[] b) {
        double intersection = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]))
                * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
        double enclosing = (Math.max(a[2], b[2]) - Math.min(a[0], b[0])) * (Math.max(a[3], b[3]) - Math.min(a[1], b[1]));
        return intersection / union - (enclosing - union) / enclosing;
    }

    private static double crossEntropy(float[] values, int from, int count, int truth) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, values[from + k]);
        }
        double sum = 0;
        for (int k = 0; k < count; k++) {
            sum += Math.exp(values[from + k] - max);
        }
        return max + Math.log(sum) - values[from + truth];
    }
}
