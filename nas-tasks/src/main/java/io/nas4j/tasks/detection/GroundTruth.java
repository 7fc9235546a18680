package io.nas4j.tasks.detection;

import java.util.Objects;

/**
 * An annotated object: its class, its box and whether it is marked difficult (Pascal VOC's flag, COCO's
 * crowd regions), which evaluation neither requires to be found nor counts as a false positive when found.
 */
public record GroundTruth(int label, Box box, boolean difficult) {

    public GroundTruth {
        Objects.requireNonNull(box, "box");
        if (label < 0) {
            throw new IllegalArgumentException("a class index must not be negative, got " + label);
        }
    }

    public static GroundTruth of(int label, double x1, double y1, double x2, double y2) {
        return new GroundTruth(label, new Box(x1, y1, x2, y2), false);
    }
}
