package io.nas4j.core.objective;

import java.util.Map;
import java.util.Objects;

/**
 * A named metric with a direction, for example {@code accuracy} to maximise or {@code params} to minimise.
 */
public record Objective(String metric, Direction direction) {

    public Objective {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
    }

    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.MAXIMIZE);
    }

    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE);
    }

    /** The metric's value, or NaN when the metrics lack it. */
    public double value(Map<String, Double> metrics) {
        Double value = metrics.get(metric);
        return value == null ? Double.NaN : value;
    }

    /** The metric's value turned so that larger is better; NaN when missing. */
    public double score(Map<String, Double> metrics) {
        return direction.orient(value(metrics));
    }

    /** True when {@code a} is strictly better than {@code b} under this objective. */
    public boolean better(double a, double b) {
        return direction == Direction.MAXIMIZE ? a > b : a < b;
    }
}
