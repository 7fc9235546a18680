package io.nas4j.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of one example's tensor, channels first and without the batch axis:
 * {@code [C]} for features, {@code [C, H, W]} for images, {@code [C, D, H, W]} for volumes.
 *
 * @param dims positive extents
 */
public record Shape(List<Integer> dims) {

    public Shape {
        dims = List.copyOf(dims);
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        for (int extent : dims) {
            if (extent < 1) {
                throw new IllegalArgumentException("shape extents must be positive: " + dims);
            }
        }
    }

    public static Shape of(int... dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    public int rank() {
        return dims.size();
    }

    /** The channel (or feature) count: the first extent. */
    public int channels() {
        return dims.get(0);
    }

    /** Spatial axes: 0 for feature vectors, 2 for images, 3 for volumes. */
    public int spatialDims() {
        return dims.size() - 1;
    }

    /** The extent of spatial axis {@code axis} (0-based, after the channel axis). */
    public int spatial(int axis) {
        return dims.get(axis + 1);
    }

    /** Number of elements of one example. */
    public long elements() {
        long product = 1;
        for (int extent : dims) {
            product *= extent;
        }
        return product;
    }

    public Shape withChannels(int channels) {
        List<Integer> changed = new ArrayList<>(dims);
        changed.set(0, channels);
        return new Shape(changed);
    }

    @Override
    public String toString() {
        return dims.toString();
    }
}
