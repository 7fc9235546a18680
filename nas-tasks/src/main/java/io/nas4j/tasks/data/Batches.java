package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;

import java.util.Objects;

/** Argument checks shared by the augmentations. */
final class Batches {

    private Batches() {
    }

    /** Checks that {@code batch} holds {@code count} examples of {@code shape}; returns the per-example size. */
    static int check(float[] batch, int count, Shape shape) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(shape, "shape");
        if (count < 0) {
            throw new IllegalArgumentException("example count must be at least 0, got " + count);
        }
        int elements = TensorDataset.elementsOf(shape);
        if (batch.length < (long) count * elements) {
            throw new IllegalArgumentException("the batch holds " + batch.length + " values, " + count
                    + " examples of shape " + shape + " need " + (long) count * elements);
        }
        return elements;
    }
}
