package io.nas4j.tasks.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression per class: detections are taken by decreasing score (equal scores in
 * their given order), and one is dropped when it overlaps an already kept detection of its class by more
 * than the IoU threshold. Detections of different classes never suppress each other.
 */
public final class NonMaximumSuppression {

    private NonMaximumSuppression() {
    }

    /**
     * The kept detections by decreasing score, at most {@code maxDetections}.
     *
     * @param iouThreshold a detection overlapping a kept one of its class by more than this is dropped
     */
    public static List<Detection> apply(List<Detection> detections, double iouThreshold, int maxDetections) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("the IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            if (kept.size() == maxDetections) {
                break;
            }
            boolean suppressed = false;
            for (Detection chosen : kept) {
                if (chosen.label() == candidate.label() && chosen.box().iou(candidate.box()) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
