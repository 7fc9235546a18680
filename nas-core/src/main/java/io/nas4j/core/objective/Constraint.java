package io.nas4j.core.objective;

import java.util.Map;
import java.util.Objects;

/**
 * A hard limit on a metric, for example {@code params <= 1e6} or {@code latency_ms <= 5}. A trial that
 * breaks a constraint is feasible for no strategy; it is recorded with its metrics.
 */
public record Constraint(String metric, Bound bound, double limit) {

    public enum Bound { AT_MOST, AT_LEAST }

    public Constraint {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(bound, "bound");
        if (Double.isNaN(limit)) {
            throw new IllegalArgumentException("constraint limit on " + metric + " is NaN");
        }
    }

    public static Constraint atMost(String metric, double limit) {
        return new Constraint(metric, Bound.AT_MOST, limit);
    }

    public static Constraint atLeast(String metric, double limit) {
        return new Constraint(metric, Bound.AT_LEAST, limit);
    }

    /** True when the metrics hold the metric and it lies within the limit. */
    public boolean satisfiedBy(Map<String, Double> metrics) {
        Double value = metrics.get(metric);
        if (value == null || value.isNaN()) {
            return false;
        }
        return bound == Bound.AT_MOST ? value <= limit : value >= limit;
    }
}
