package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;

import java.util.Collection;

/** Checks of one setting's value, each failing with one sentence that begins with the setting's name. */
final class SettingChecks {

    private SettingChecks() {
    }

    static String oneOf(String value, String field, Collection<String> allowed) {
        if (!allowed.contains(value)) {
            throw UserInputException.of(field, "{" + field + "} {} is unknown; allowed: {}", value, String.join(", ", allowed));
        }
        return value;
    }

    static int atLeastOne(int value, String field) {
        if (value < 1) {
            throw UserInputException.of(field, "{" + field + "} must be at least 1, got {}", value);
        }
        return value;
    }

    static long atLeastOne(long value, String field) {
        if (value < 1) {
            throw UserInputException.of(field, "{" + field + "} must be at least 1, got {}", value);
        }
        return value;
    }

    static long noneOrMore(long value, String field) {
        if (value < 0) {
            throw UserInputException.of(field, "{" + field + "} must be 0 (no limit) or more, got {}", value);
        }
        return value;
    }

    static double noneOrMore(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw UserInputException.of(field, "{" + field + "} must be 0 (no limit) or more, got {}", value);
        }
        return value;
    }

    /** {@code value} in {@code (0, max]}, or in {@code (0, max)} when {@code openAtMax}. */
    static double positiveUpTo(double value, double max, boolean openAtMax, String field) {
        boolean inside = value > 0 && (openAtMax ? value < max : value <= max);
        if (!inside) {
            throw UserInputException.of(field, "{" + field + "} must be in (0, {}, got {}",
                    number(max) + (openAtMax ? ")" : "]"), value);
        }
        return value;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
