package io.nas4j.runner.space;

import io.nas4j.core.network.Shape;

import java.util.List;
import java.util.Optional;

/**
 * The inputs a space file says its space is meant for ({@code input} in the file): images or volumes, their
 * channels, and the range of their spatial extents (a space with many stride-2 layers, say, wants inputs of
 * at least some size). Each part is optional; what is left out constrains nothing.
 *
 * @param kind     {@code image} ({@code [C, H, W]}), {@code volume} ({@code [C, D, H, W]}), or null for either
 * @param channels the input channels allowed; empty for any
 * @param minSize  the smallest spatial extent allowed, at least 1
 * @param maxSize  the largest spatial extent allowed, at least {@code minSize}
 */
record InputConstraints(String kind, List<Integer> channels, int minSize, int maxSize) {

    static final String IMAGE = "image";
    static final String VOLUME = "volume";
    static final List<String> KINDS = List.of(IMAGE, VOLUME);

    /** The constraints of a file without an {@code input} section. */
    static final InputConstraints NONE = new InputConstraints(null, List.of(), 1, Integer.MAX_VALUE);

    InputConstraints {
        channels = List.copyOf(channels);
    }

    /** Whether inputs with this many spatial axes (2 for images, 3 for volumes) are allowed. */
    boolean allowsSpatialDims(int spatialDims) {
        return kind == null || spatialDims == (kind.equals(IMAGE) ? 2 : 3);
    }

    /**
     * What is wrong with inputs of shape {@code input} from data set {@code dataset}, as the end of a sentence
     * that names the constraint; empty when they fit.
     */
    Optional<String> problem(Shape input, String dataset) {
        String inputs = "data set " + dataset + " has inputs of shape " + input;
        if (!allowsSpatialDims(input.spatialDims())) {
            return Optional.of("input.kind is " + kind + ", but " + inputs);
        }
        if (!channels.isEmpty() && !channels.contains(input.channels())) {
            return Optional.of("input.channels is " + channels + ", but " + inputs);
        }
        for (int axis = 0; axis < input.spatialDims(); axis++) {
            if (input.spatial(axis) < minSize) {
                return Optional.of("input.minSize is " + minSize + ", but " + inputs);
            }
            if (input.spatial(axis) > maxSize) {
                return Optional.of("input.maxSize is " + maxSize + ", but " + inputs);
            }
        }
        return Optional.empty();
    }
}
