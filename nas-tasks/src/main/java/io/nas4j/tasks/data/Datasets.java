package io.nas4j.tasks.data;

import io.nas4j.core.port.Dataset;

/**
 * Small questions asked of any {@link Dataset}: its labels, its class counts, the index range. The port
 * offers labels one at a time only; these helpers gather them for splitting and checking.
 */
public final class Datasets {

    private Datasets() {
    }

    /** The labels of every example, in example order (a new array). */
    public static int[] labels(Dataset data) {
        int[] labels = new int[data.size()];
        for (int index = 0; index < labels.length; index++) {
            labels[index] = data.label(index);
        }
        return labels;
    }

    /** How many examples each class has: element {@code c} counts label {@code c}. */
    public static int[] classCounts(Dataset data) {
        int[] counts = new int[data.classes()];
        for (int index = 0; index < data.size(); index++) {
            counts[data.label(index)]++;
        }
        return counts;
    }

    /** {@code 0, 1, ..., size - 1}. */
    public static int[] allIndices(int size) {
        int[] indices = new int[size];
        for (int index = 0; index < size; index++) {
            indices[index] = index;
        }
        return indices;
    }

    /**
     * The examples of every part, one part after another, as one dataset (for example training and
     * validation together for the final training of the chosen architecture). The parts must agree on
     * shape and class count.
     */
    public static TensorDataset concat(String name, Dataset... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one dataset");
        }
        Dataset first = parts[0];
        int elements = Math.toIntExact(first.inputShape().elements());
        int total = 0;
        for (Dataset part : parts) {
            if (!part.inputShape().equals(first.inputShape()) || part.classes() != first.classes()) {
                throw new IllegalArgumentException("cannot join " + part.name() + " " + part.inputShape() + " ("
                        + part.classes() + " classes) to " + first.name() + " " + first.inputShape() + " ("
                        + first.classes() + " classes)");
            }
            total = Math.addExact(total, part.size());
        }
        float[] inputs = new float[Math.multiplyExact(total, elements)];
        int[] labels = new int[total];
        int offset = 0;
        for (Dataset part : parts) {
            float[] block = new float[part.size() * elements];
            part.copyInputs(allIndices(part.size()), block);
            System.arraycopy(block, 0, inputs, offset * elements, block.length);
            for (int i = 0; i < part.size(); i++) {
                labels[offset + i] = part.label(i);
            }
            offset += part.size();
        }
        return TensorDataset.of(name, first.inputShape(), first.classes(), inputs, labels);
    }
}
