package io.nas4j.tasks.detection;

import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectionLoss;

import java.util.List;

/**
 * Assigns objects to a detector's anchors by IoU and writes the dense targets of
 * {@link DetectionLoss} (RetinaNet's rule): an anchor whose best IoU with an object reaches
 * {@code positiveIou} is assigned to that object; one whose best IoU stays below {@code negativeIou} is
 * background; one in between is ignored (its objectness does not count). Every object is also assigned
 * to the anchor that overlaps it most (when that IoU is above 0), so that an object no anchor fits well
 * is still learned. Difficult objects are assigned like the others.
 *
 * @param positiveIou IoU from which an anchor is positive, in (0, 1]
 * @param negativeIou IoU below which an anchor is background, in (0, positiveIou]
 */
public record AnchorMatcher(double positiveIou, double negativeIou) {

    public AnchorMatcher {
        if (!(positiveIou > 0 && positiveIou <= 1 && negativeIou > 0 && negativeIou <= positiveIou)) {
            throw new IllegalArgumentException("need 0 < negativeIou <= positiveIou <= 1, got " + negativeIou + " and "
                    + positiveIou);
        }
    }

    /** Positive from 0.5, background below 0.4. */
    public static AnchorMatcher retinaNet() {
        return new AnchorMatcher(0.5, 0.4);
    }

    /** The targets of one image, {@code layout.anchors() * TARGET_WIDTH} floats. */
    public float[] targets(DetectionLayout layout, List<GroundTruth> objects) {
        float[] targets = new float[layout.anchors() * DetectionLoss.TARGET_WIDTH];
        write(layout, objects, targets, 0);
        return targets;
    }

    /** Writes the targets of one image into {@code destination} from {@code offset}. */
    public void write(DetectionLayout layout, List<GroundTruth> objects, float[] destination, int offset) {
        int anchors = layout.anchors();
        int[] assigned = new int[anchors];
        double[] best = new double[anchors];
        Box[] anchorBoxes = new Box[anchors];
        for (int anchor = 0; anchor < anchors; anchor++) {
            double[] geometry = layout.anchor(anchor);
            anchorBoxes[anchor] = new Box(geometry[0] - geometry[2] / 2, geometry[1] - geometry[3] / 2,
                    geometry[0] + geometry[2] / 2, geometry[1] + geometry[3] / 2);
            assigned[anchor] = -1;
        }
        for (int object = 0; object < objects.size(); object++) {
            Box box = objects.get(object).box();
            for (int anchor = 0; anchor < anchors; anchor++) {
                double iou = anchorBoxes[anchor].iou(box);
                if (iou > best[anchor]) {
                    best[anchor] = iou;
                    assigned[anchor] = object;
                }
            }
        }
        boolean[] positive = new boolean[anchors];
        for (int anchor = 0; anchor < anchors; anchor++) {
            positive[anchor] = assigned[anchor] >= 0 && best[anchor] >= positiveIou;
        }
        for (int object = 0; object < objects.size(); object++) {
            Box box = objects.get(object).box();
            int closest = -1;
            double closestIou = 0;
            for (int anchor = 0; anchor < anchors; anchor++) {
                double iou = anchorBoxes[anchor].iou(box);
                if (iou > closestIou) {
                    closestIou = iou;
                    closest = anchor;
                }
            }
            if (closest >= 0) {
                positive[closest] = true;
                assigned[closest] = object;
            }
        }
        for (int anchor = 0; anchor < anchors; anchor++) {
            int row = offset + anchor * DetectionLoss.TARGET_WIDTH;
            double[] geometry = layout.anchor(anchor);
            for (int k = 0; k < 4; k++) {
                destination[row + DetectionLoss.ANCHOR + k] = (float) geometry[k];
            }
            if (positive[anchor]) {
                GroundTruth object = objects.get(assigned[anchor]);
                Box box = object.box();
                double[] offsets = layout.encode(anchor, box.x1(), box.y1(), box.x2(), box.y2());
                destination[row + DetectionLoss.OBJECTNESS] = 1;
                destination[row + DetectionLoss.WEIGHT] = 1;
                for (int k = 0; k < 4; k++) {
                    destination[row + DetectionLoss.BOX + k] = (float) offsets[k];
                }
                destination[row + DetectionLoss.CLASS] = object.label();
            } else {
                destination[row + DetectionLoss.WEIGHT] = best[anchor] < negativeIou ? 1 : 0;
            }
        }
    }
}
