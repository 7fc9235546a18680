package io.nas4j.backend.support;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;

/** A dataset the tests write: example {@code i} of shape {@code [elements]} holds {@code i * 10 + j} at {@code j}. */
record ListDataset(int size, int elements, Augmentation augmentation) implements Dataset {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public Shape inputShape() {
        return Shape.of(elements);
    }

    @Override
    public int classes() {
        return 2;
    }

    @Override
    public int label(int index) {
        return index % 2;
    }

    @Override
    public void copyInputs(int[] indices, float[] destination) {
        for (int row = 0; row < indices.length; row++) {
            for (int element = 0; element < elements; element++) {
                destination[row * elements + element] = indices[row] * 10 + element;
            }
        }
    }

    @Override
    public Dataset subset(int[] indices, String name) {
        throw new UnsupportedOperationException();
    }
}
