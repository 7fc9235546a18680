package io.nas4j.strategies.bayesian;

import io.nas4j.core.search.StrategySettings;

import java.util.List;

/**
 * Reads strategy settings and checks their ranges, failing with one sentence that names the setting, the
 * allowed range and the value given: the form in which configuration errors reach users.
 */
public final class SettingRanges {

    private SettingRanges() {
    }

    /** An integer setting in {@code [minimum, maximum]}. */
    public static int integer(StrategySettings settings, String key, int defaultValue, int minimum, int maximum) {
        int value = settings.integer(key, defaultValue);
        if (value < minimum || value > maximum) {
            throw new IllegalArgumentException("strategy setting " + key + " must be an integer from " + minimum
                    + " to " + maximum + ", got " + value);
        }
        return value;
    }

    /** A real setting in {@code [minimum, maximum]}; both bounds finite or not. */
    public static double real(StrategySettings settings, String key, double defaultValue, double minimum,
                              double maximum) {
        double value = settings.real(key, defaultValue);
        if (!(value >= minimum && value <= maximum)) {
            throw new IllegalArgumentException("strategy setting " + key + " must be a number from " + minimum
                    + " to " + maximum + ", got " + value);
        }
        return value;
    }

    /** A real setting in {@code (exclusiveMinimum, maximum]}. */
    public static double realAbove(StrategySettings settings, String key, double defaultValue, double exclusiveMinimum,
                                   double maximum) {
        double value = settings.real(key, defaultValue);
        if (!(value > exclusiveMinimum && value <= maximum)) {
            throw new IllegalArgumentException("strategy setting " + key + " must be a number above " + exclusiveMinimum
                    + " and at most " + maximum + ", got " + value);
        }
        return value;
    }

    /** A text setting that must be one of {@code allowed}. */
    public static String choice(StrategySettings settings, String key, String defaultValue, List<String> allowed) {
        String value = settings.text(key, defaultValue).trim();
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("strategy setting " + key + " must be one of "
                    + String.join(", ", allowed) + ", got " + value);
        }
        return value;
    }
}
