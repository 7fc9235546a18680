package io.nas4j.strategies.local;

import java.util.Arrays;
import java.util.stream.Collectors;

/** When hill climbing moves to a better neighbour. */
public enum ImprovementMode {
    /** After every neighbour of the current genome is known, to the best of them if it beats the current. */
    BEST_IMPROVEMENT("best-improvement"),
    /** As soon as one neighbour beats the current genome; the rest of its neighbourhood is not evaluated. */
    FIRST_IMPROVEMENT("first-improvement");

    private final String label;

    ImprovementMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The mode named {@code text}; throws naming the setting and the allowed values otherwise. */
    public static ImprovementMode parse(String setting, String text) {
        for (ImprovementMode mode : values()) {
            if (mode.label.equals(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("strategy setting " + setting + " must be one of "
                + Arrays.stream(values()).map(ImprovementMode::label).collect(Collectors.joining(", "))
                + ", got " + text);
    }
}
