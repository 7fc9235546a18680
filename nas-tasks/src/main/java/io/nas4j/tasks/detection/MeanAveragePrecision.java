package io.nas4j.tasks.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Mean average precision of detections against ground truth, over a set of images.
 *
 * <p><b>Matching</b> (Pascal VOC's rule, per class and IoU threshold): a class's detections of all images
 * are taken by decreasing score (equal scores in image order, then in their given order); each is compared
 * with every object of its class in its image; when the best IoU reaches the threshold, the detection is a
 * true positive if that object is not difficult and not yet matched, a false positive if it was already
 * matched (a duplicate), and neither if the object is difficult. Otherwise it is a false positive.
 * Recall counts the objects that are not difficult.
 *
 * <p><b>Average precision</b> of the precision-recall curve, after making precision non-increasing in
 * recall (the envelope): {@link Interpolation#ALL_POINTS} is the area under it (Pascal VOC 2010-2012);
 * {@link Interpolation#COCO_101} is the mean of the envelope at recalls 0, 0.01, ..., 1 (0 past the
 * highest recall reached; COCO's evaluation).
 *
 * <p><b>Means</b>: classes with no object that is not difficult have no AP and are left out of the mean
 * (COCO's convention); a class with objects but no detection has AP 0. {@link Result#map50} is the VOC
 * mAP at IoU 0.5 with all points; {@link Result#map} is COCO's mAP, the 101-point AP averaged over the IoU
 * thresholds 0.5, 0.55, ..., 0.95 and the classes; {@link Result#coco50} COCO's AP at IoU 0.5.
 */
public final class MeanAveragePrecision {

    /** How a precision-recall curve becomes one number. */
    public enum Interpolation { ALL_POINTS, COCO_101 }

    /** IoU thresholds of COCO's mAP: 0.5 to 0.95 in steps of 0.05. */
    public static final double[] COCO_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    /**
     * The evaluation of a set of images.
     *
     * @param map50        mean over classes of the all-points AP at IoU 0.5; NaN when no class has objects
     * @param map          COCO's mAP over IoU 0.5:0.95
     * @param coco50       COCO's 101-point mAP at IoU 0.5
     * @param perClassAp50 the all-points AP at IoU 0.5 of each class, NaN for a class with no objects
     */
    public record Result(double map50, double map, double coco50, List<Double> perClassAp50) {
        public Result {
            perClassAp50 = List.copyOf(perClassAp50);
        }
    }

    private MeanAveragePrecision() {
    }

    /**
     * Evaluates {@code detections.get(i)} against {@code truths.get(i)} for every image {@code i}.
     *
     * @param classes class indices are in {@code [0, classes)}
     */
    public static Result evaluate(List<List<GroundTruth>> truths, List<List<Detection>> detections, int classes) {
        Objects.requireNonNull(truths, "truths");
        Objects.requireNonNull(detections, "detections");
        if (truths.size() != detections.size()) {
            throw new IllegalArgumentException(truths.size() + " images of ground truth but " + detections.size()
                    + " of detections");
        }
        List<Double> perClass = new ArrayList<>();
        double voc50 = 0;
        double coco = 0;
        double coco50 = 0;
        int counted = 0;
        for (int label = 0; label < classes; label++) {
            double ap50 = averagePrecision(truths, detections, label, 0.5, Interpolation.ALL_POINTS);
            perClass.add(ap50);
            if (Double.isNaN(ap50)) {
                continue;
            }
            counted++;
            voc50 += ap50;
            double sum = 0;
            for (double threshold : COCO_THRESHOLDS) {
                double ap = averagePrecision(truths, detections, label, threshold, Interpolation.COCO_101);
                sum += ap;
                if (threshold == 0.5) {
                    coco50 += ap;
                }
            }
            coco += sum / COCO_THRESHOLDS.length;
        }
        if (counted == 0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, perClass);
        }
        return new Result(voc50 / counted, coco / counted, coco50 / counted, perClass);
    }

    /**
     * The AP of class {@code label} at IoU {@code threshold}; NaN when the class has no object that is
     * not difficult.
     */
    public static double averagePrecision(List<List<GroundTruth>> truths, List<List<Detection>> detections, int label,
                                          double threshold, Interpolation interpolation) {
        int positives = 0;
        List<boolean[]> matched = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int image = 0; image < truths.size(); image++) {
            int objects = 0;
            for (GroundTruth truth : truths.get(image)) {
                if (truth.label() == label && !truth.difficult()) {
                    positives++;
                }
                objects++;
            }
            matched.add(new boolean[objects]);
            List<Detection> found = detections.get(image);
            for (int index = 0; index < found.size(); index++) {
                if (found.get(index).label() == label) {
                    candidates.add(new Candidate(image, index, found.get(index)));
                }
            }
        }
        if (positives == 0) {
            return Double.NaN;
        }
        candidates.sort(Comparator.comparingDouble((Candidate candidate) -> candidate.detection().score()).reversed()
                .thenComparingInt(Candidate::image).thenComparingInt(Candidate::index));
        List<Double> precisions = new ArrayList<>();
        List<Double> recalls = new ArrayList<>();
        int truePositives = 0;
        int falsePositives = 0;
        for (Candidate candidate : candidates) {
            List<GroundTruth> objects = truths.get(candidate.image());
            int best = -1;
            double bestIou = -1;
            for (int object = 0; object < objects.size(); object++) {
                if (objects.get(object).label() != label) {
                    continue;
                }
                double iou = objects.get(object).box().iou(candidate.detection().box());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = object;
                }
            }
            if (best >= 0 && bestIou >= threshold) {
                if (objects.get(best).difficult()) {
                    continue;
                }
                boolean[] taken = matched.get(candidate.image());
                if (taken[best]) {
                    falsePositives++;
                } else {
                    taken[best] = true;
                    truePositives++;
                }
            } else {
                falsePositives++;
            }
            precisions.add((double) truePositives / (truePositives + falsePositives));
            recalls.add((double) truePositives / positives);
        }
        return interpolation == Interpolation.ALL_POINTS ? allPoints(precisions, recalls) : coco101(precisions, recalls);
    }

    private static double allPoints(List<Double> precisions, List<Double> recalls) {
        int n = precisions.size();
        double[] envelope = envelope(precisions);
        double area = 0;
        double previousRecall = 0;
        for (int index = 0; index < n; index++) {
            area += (recalls.get(index) - previousRecall) * envelope[index];
            previousRecall = recalls.get(index);
        }
        return area;
    }

    private static double coco101(List<Double> precisions, List<Double> recalls) {
        double[] envelope = envelope(precisions);
        double sum = 0;
        int index = 0;
        for (int step = 0; step <= 100; step++) {
            double recall = step / 100.0;
            while (index < recalls.size() && recalls.get(index) < recall) {
                index++;
            }
            sum += index < recalls.size() ? envelope[index] : 0;
        }
        return sum / 101;
    }

    /** Precision made non-increasing: each value is the largest precision at it or after it. */
    private static double[] envelope(List<Double> precisions) {
        double[] envelope = new double[precisions.size()];
        double running = 0;
        for (int index = precisions.size() - 1; index >= 0; index--) {
            running = Math.max(running, precisions.get(index));
            envelope[index] = running;
        }
        return envelope;
    }

    private record Candidate(int image, int index, Detection detection) {
    }
}
