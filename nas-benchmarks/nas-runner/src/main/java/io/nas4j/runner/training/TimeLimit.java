package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A search's time limit written as text, as configuration files and command lines give it. */
public final class TimeLimit {

    /** The setting a bad time limit is reported against. */
    public static final String FIELD = "timeLimit";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");

    private TimeLimit() {
    }

    /**
     * Seconds of a duration written {@code 90s}, {@code 30m}, {@code 2h} or ISO-8601 ({@code PT30M}).
     *
     * @throws UserInputException naming {@value #FIELD} when the text is no duration or less than a second
     */
    public static long seconds(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT_DURATION.matcher(trimmed);
        long seconds;
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException e) {
                throw UserInputException.of(FIELD, "{timeLimit} {} is too large", text);
            }
            long unit = switch (matcher.group(2)) {
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
            };
            seconds = amount > Long.MAX_VALUE / unit ? Long.MAX_VALUE : amount * unit;
        } else {
            try {
                seconds = Duration.parse(text.trim().toUpperCase(Locale.ROOT)).toSeconds();
            } catch (DateTimeParseException e) {
                throw UserInputException.of(FIELD, "{timeLimit} {} is not a duration; write e.g. 90s, 30m, 2h or PT30M", text);
            }
        }
        if (seconds < 1) {
            throw UserInputException.of(FIELD, "{timeLimit} must be at least 1 second, got {}", text);
        }
        return seconds;
    }
}
