package io.nas4j.cli.config;

import io.nas4j.core.UserInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --set key=value} flags. Values stay text; a strategy's
 * {@link io.nas4j.core.search.StrategySettings} parses them as the setting requires.
 */
public final class SettingAssignments {

    private SettingAssignments() {
    }

    /**
     * The assignments in order, a later one for the same key winning.
     *
     * @throws UserInputException naming the flag when an assignment is not {@code key=value}
     */
    public static Map<String, String> parse(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        if (assignments == null) {
            return values;
        }
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new UserInputException("--set expects key=value, got " + assignment);
            }
            values.put(assignment.substring(0, equals).trim(), assignment.substring(equals + 1).trim());
        }
        return values;
    }
}
