package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable in-memory {@link Dataset}: one flat array of inputs, example after example, each laid out
 * channels first in {@link #inputShape()}, and one class label per example.
 *
 * <p>Contract: {@link #of} copies its arrays and checks them (the inputs hold exactly
 * {@code labels.length * shape.elements()} finite floats; every label lies in {@code [0, classes)}), so
 * nothing about an instance changes after construction and it may be read from any number of threads.
 * {@link #subset} copies the selected examples, so a subset never keeps a large parent alive. No method
 * returns null or accepts null; indices out of range throw {@link IndexOutOfBoundsException}.
 */
public final class TensorDataset implements Dataset {

    private final String name;
    private final Shape shape;
    private final int elements;
    private final int classes;
    private final float[] inputs;
    private final int[] labels;

    private TensorDataset(String name, Shape shape, int classes, float[] inputs, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(labels, "labels");
        this.elements = elementsOf(shape);
        if (classes < 1) {
            throw new IllegalArgumentException("a dataset needs at least 1 class, got " + classes);
        }
        this.classes = classes;
        if ((long) labels.length * elements != inputs.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels of shape " + shape + " need "
                    + (long) labels.length * elements + " input values, got " + inputs.length);
        }
        for (int index = 0; index < labels.length; index++) {
            if (labels[index] < 0 || labels[index] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[index] + " of example " + index
                        + " is outside [0, " + classes + ")");
            }
        }
        for (int position = 0; position < inputs.length; position++) {
            if (!Float.isFinite(inputs[position])) {
                throw new IllegalArgumentException(name + ": input value " + inputs[position] + " of example "
                        + position / elements + " is not finite");
            }
        }
        this.inputs = inputs;
        this.labels = labels;
    }

    /**
     * A dataset over copies of {@code inputs} and {@code labels}.
     *
     * @param name    a short name for logs and results, for example {@code digits/train}
     * @param shape   the shape of one example, channels first
     * @param classes the number of classes, at least 1; every label lies in {@code [0, classes)}
     * @param inputs  {@code labels.length * shape.elements()} finite values, example after example
     * @param labels  one class index per example
     * @throws IllegalArgumentException when the sizes disagree, a label is out of range or a value is not finite
     */
    public static TensorDataset of(String name, Shape shape, int classes, float[] inputs, int[] labels) {
        return new TensorDataset(name, shape, classes, inputs.clone(), labels.clone());
    }

    /** Takes ownership of the arrays: readers in this package hand over arrays nobody else holds. */
    static TensorDataset wrap(String name, Shape shape, int classes, float[] inputs, int[] labels) {
        return new TensorDataset(name, shape, classes, inputs, labels);
    }

    /** {@code data} as a {@link TensorDataset} under the same name: itself when it is one, else an in-memory copy. */
    public static TensorDataset copyOf(Dataset data) {
        if (data instanceof TensorDataset tensors) {
            return tensors;
        }
        int[] all = Datasets.allIndices(data.size());
        float[] inputs = new float[Math.multiplyExact(all.length, elementsOf(data.inputShape()))];
        data.copyInputs(all, inputs);
        return new TensorDataset(data.name(), data.inputShape(), data.classes(), inputs, Datasets.labels(data));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /** A copy of all labels, in example order. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the inputs of example {@code index}, {@code inputShape().elements()} values. */
    public float[] example(int index) {
        int start = Objects.checkIndex(index, labels.length) * elements;
        return Arrays.copyOfRange(inputs, start, start + elements);
    }

    @Override
    public void copyInputs(int[] indices, float[] destination) {
        if (destination.length < (long) indices.length * elements) {
            throw new IllegalArgumentException("destination holds " + destination.length + " values, "
                    + indices.length + " examples of shape " + shape + " need " + (long) indices.length * elements);
        }
        for (int position = 0; position < indices.length; position++) {
            int index = Objects.checkIndex(indices[position], labels.length);
            System.arraycopy(inputs, index * elements, destination, position * elements, elements);
        }
    }

    @Override
    public TensorDataset subset(int[] indices, String name) {
        float[] selected = new float[Math.multiplyExact(indices.length, elements)];
        copyInputs(indices, selected);
        int[] selectedLabels = new int[indices.length];
        for (int position = 0; position < indices.length; position++) {
            selectedLabels[position] = labels[indices[position]];
        }
        return new TensorDataset(name, shape, classes, selected, selectedLabels);
    }

    @Override
    public String toString() {
        return name + " (" + labels.length + " examples of " + shape + ", " + classes + " classes)";
    }

    static int elementsOf(Shape shape) {
        long elements = shape.elements();
        if (elements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an example of shape " + shape + " has more than "
                    + Integer.MAX_VALUE + " values");
        }
        return (int) elements;
    }
}
