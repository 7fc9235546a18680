package io.nas4j.backend.tck;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;

import java.util.Objects;

/** A dataset held in one flat array, for backend tests. */
public record ArrayDataset(String name, Shape inputShape, int classes, float[] inputs, int[] labels) implements Dataset {

    public ArrayDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputShape, "inputShape");
        if (inputs.length != labels.length * inputShape.elements()) {
            throw new IllegalArgumentException("inputs do not match " + labels.length + " examples of " + inputShape);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyInputs(int[] indices, float[] destination) {
        int elements = Math.toIntExact(inputShape.elements());
        for (int row = 0; row < indices.length; row++) {
            System.arraycopy(inputs, indices[row] * elements, destination, row * elements, elements);
        }
    }

    @Override
    public Dataset subset(int[] indices, String subsetName) {
        int elements = Math.toIntExact(inputShape.elements());
        float[] values = new float[indices.length * elements];
        copyInputs(indices, values);
        int[] subsetLabels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            subsetLabels[row] = labels[indices[row]];
        }
        return new ArrayDataset(subsetName, inputShape, classes, values, subsetLabels);
    }

    /** {@code count} examples of {@code shape} with values from {@code values}, all labelled 0. */
    public static ArrayDataset of(Shape shape, int classes, int count, java.util.function.IntToDoubleFunction values) {
        float[] inputs = new float[Math.toIntExact(count * shape.elements())];
        for (int index = 0; index < inputs.length; index++) {
            inputs[index] = (float) values.applyAsDouble(index);
        }
        return new ArrayDataset("fixed", shape, classes, inputs, new int[count]);
    }
}
