package io.nas4j.core.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A strategy's hyperparameters by name, as read from a configuration file. Every getter names its
 * default; {@link #requireKnown} turns a misspelt key into a clear error naming the allowed ones.
 */
public final class StrategySettings {

    private final Map<String, Object> values;

    private StrategySettings(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    public static StrategySettings empty() {
        return new StrategySettings(Map.of());
    }

    public static StrategySettings of(Map<String, ?> values) {
        return new StrategySettings(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public StrategySettings with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new StrategySettings(copy);
    }

    public int integer(String key, int defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return Math.toIntExact(number.longValue());
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("strategy setting " + key + " must be an integer, got " + value);
    }

    public double real(String key, double defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("strategy setting " + key + " must be a number, got " + value);
    }

    public String text(String key, String defaultValue) {
        Object value = values.get(key);
        return value == null ? defaultValue : value.toString();
    }

    public boolean flag(String key, boolean defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("strategy setting " + key + " must be true or false, got " + value);
    }

    /** Throws naming the first key not in {@code allowed}, and the allowed keys. */
    public void requireKnown(String strategy, Set<String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("strategy " + strategy + " has no setting " + key
                        + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
