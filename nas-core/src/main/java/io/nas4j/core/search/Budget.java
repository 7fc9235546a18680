package io.nas4j.core.search;

import java.time.Duration;
import java.util.Objects;

/**
 * When a search stops asking: after {@code maxTrials} trials, after {@code maxTime} of wall time, or
 * once {@code maxCost} cost units are spent, whichever comes first. Running trials always finish.
 */
public record Budget(int maxTrials, Duration maxTime, double maxCost) {

    public Budget {
        if (maxTrials < 1) {
            throw new IllegalArgumentException("budget must allow at least one trial, got " + maxTrials);
        }
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + maxTime);
        }
        if (!(maxCost > 0)) {
            throw new IllegalArgumentException("cost limit must be positive, got " + maxCost);
        }
    }

    public static Budget trials(int maxTrials) {
        return new Budget(maxTrials, ChronoLimits.UNLIMITED, Double.POSITIVE_INFINITY);
    }

    public Budget withTime(Duration time) {
        return new Budget(maxTrials, time, maxCost);
    }

    public Budget withCost(double cost) {
        return new Budget(maxTrials, maxTime, cost);
    }

    /** Holder of the "no time limit" value. */
    static final class ChronoLimits {
        static final Duration UNLIMITED = Duration.ofDays(365_000);

        private ChronoLimits() {
        }
    }
}
