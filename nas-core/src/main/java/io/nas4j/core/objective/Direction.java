package io.nas4j.core.objective;

/** Whether an objective is to be made large (accuracy) or small (parameters, latency). */
public enum Direction {
    MAXIMIZE, MINIMIZE;

    /** {@code value} turned so that larger is always better. */
    public double orient(double value) {
        return this == MAXIMIZE ? value : -value;
    }
}
