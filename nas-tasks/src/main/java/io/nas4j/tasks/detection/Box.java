package io.nas4j.tasks.detection;

/**
 * An axis-aligned box in continuous pixel coordinates: {@code (x1, y1)} the top-left corner, {@code (x2, y2)}
 * the bottom-right, so a box covering pixel columns 0 to 9 is {@code x1 = 0, x2 = 10} and 10 wide (Pascal
 * VOC's inclusive 1-based pixel indices {@code xmin..xmax} become {@code xmin - 1, xmax}).
 */
public record Box(double x1, double y1, double x2, double y2) {

    public Box {
        if (!(Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2))) {
            throw new IllegalArgumentException("box corners must be finite, got " + x1 + ", " + y1 + ", " + x2 + ", " + y2);
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("a box needs x1 <= x2 and y1 <= y2, got (" + x1 + ", " + y1 + ")-(" + x2
                    + ", " + y2 + ")");
        }
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    /** Intersection over union, 0 when either box is empty and they do not meet. */
    public double iou(Box other) {
        double width = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double height = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (width <= 0 || height <= 0) {
            return 0;
        }
        double intersection = width * height;
        return intersection / (area() + other.area() - intersection);
    }

    /** This box with x scaled by {@code sx} and y by {@code sy}. */
    public Box scaled(double sx, double sy) {
        return new Box(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
    }

    /** This box clipped to {@code [0, width] x [0, height]}. */
    public Box clipped(double width, double height) {
        double left = Math.min(Math.max(x1, 0), width);
        double top = Math.min(Math.max(y1, 0), height);
        return new Box(left, top, Math.max(left, Math.min(x2, width)), Math.max(top, Math.min(y2, height)));
    }
}
