package io.nas4j.tasks.detection;

import java.util.Objects;

/** A predicted object: its class, its confidence in [0, 1] and its box. */
public record Detection(int label, double score, Box box) {

    public Detection {
        Objects.requireNonNull(box, "box");
        if (label < 0) {
            throw new IllegalArgumentException("a class index must not be negative, got " + label);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a score must be in [0, 1], got " + score);
        }
    }

    public static Detection of(int label, double score, double x1, double y1, double x2, double y2) {
        return new Detection(label, score, new Box(x1, y1, x2, y2));
    }
}
