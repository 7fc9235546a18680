package io.nas4j.strategies.evolution;

import io.nas4j.core.search.StrategySettings;

/** Reads a numeric strategy setting and rejects it, naming the setting and its range, when out of range. */
final class SettingRanges {

    private SettingRanges() {
    }

    static int integer(StrategySettings settings, String key, int defaultValue, int min, int max) {
        int value = settings.integer(key, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException("strategy setting " + key + " must be in [" + min + ", " + max
                    + "], got " + value);
        }
        return value;
    }

    static double probability(StrategySettings settings, String key, double defaultValue) {
        double value = settings.real(key, defaultValue);
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("strategy setting " + key + " must be in [0, 1], got " + value);
        }
        return value;
    }
}
