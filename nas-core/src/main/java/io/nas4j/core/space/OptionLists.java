package io.nas4j.core.space;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The checks that the options of the configurable spaces ({@link ChainSpace}, {@link VolumetricSpace},
 * {@link DetectorSpace}) make on their lists of choices, with the same one-sentence errors that name the
 * field: a list of choices must be non-empty and free of duplicates (a duplicate would number one genome
 * twice), and sizes such as channels and strides must be positive.
 */
final class OptionLists {

    private OptionLists() {
    }

    /**
     * An unmodifiable copy of {@code values}.
     *
     * @throws IllegalArgumentException when the list is empty or repeats a value
     */
    static <T> List<T> distinct(String field, List<T> values) {
        Objects.requireNonNull(values, field);
        List<T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(field + " must not repeat a value, got " + copy);
        }
        return copy;
    }

    /** @throws IllegalArgumentException when a value is below 1 */
    static void requirePositive(String field, List<Integer> values) {
        for (int value : values) {
            if (value < 1) {
                throw new IllegalArgumentException(field + ": every value must be positive, got " + values);
            }
        }
    }
}
