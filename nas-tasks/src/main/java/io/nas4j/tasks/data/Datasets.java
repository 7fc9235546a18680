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
}
