package io.nas4j.backend.support;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batches of examples as every backend cuts and fills them: where the batches of an epoch end, the
 * inputs of a batch as one flat float array (channels first, example after example), and a batch's flat
 * outputs split back into one row per example. Engines turn the arrays into their own tensors.
 *
 * <p>Stateless; every method returns a new array the caller owns.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * Where each batch of an epoch of {@code examples} ends (exclusive), batches of {@code batchSize} in
     * order. A last batch of a single example joins the one before it: batch norm cannot train on one
     * example of a feature vector.
     *
     * @throws IllegalArgumentException when there are no examples or the batch size is below 1
     */
    public static int[] ends(int examples, int batchSize) {
        if (examples < 1 || batchSize < 1) {
            throw new IllegalArgumentException("batches need at least 1 example and a batch size of at least 1, got "
                    + examples + " and " + batchSize);
        }
        int steps = (examples + batchSize - 1) / batchSize;
        if (steps > 1 && examples % batchSize == 1) {
            steps--;
        }
        int[] ends = new int[steps];
        for (int step = 0; step < steps; step++) {
            ends[step] = Math.min(examples, (step + 1) * batchSize);
        }
        ends[steps - 1] = examples;
        return ends;
    }

    /** The indices {@code from, from + 1, ..., to - 1}. */
    public static int[] range(int from, int to) {
        int[] values = new int[to - from];
        for (int index = 0; index < values.length; index++) {
            values[index] = from + index;
        }
        return values;
    }

    /** The inputs of the examples at {@code indices}, one after another, as the dataset holds them. */
    public static float[] inputs(Dataset data, int[] indices) {
        float[] values = new float[Math.toIntExact(indices.length * data.inputShape().elements())];
        data.copyInputs(indices, values);
        return values;
    }

    /**
     * The inputs of the examples at {@code indices} with the dataset's augmentation applied, drawing from
     * {@code random}; with a {@code null} random (evaluation, architecture steps) the inputs as they are.
     */
    public static float[] inputs(Dataset data, int[] indices, SplittableRandom random) {
        float[] values = inputs(data, indices);
        Augmentation augmentation = data.augmentation();
        if (random != null && !augmentation.isNone()) {
            augmentation.apply(values, indices.length, data.inputShape(), random);
        }
        return values;
    }

    /** {@code flat}, the outputs of {@code count} examples one after another, as one row per example. */
    public static float[][] rows(float[] flat, int count) {
        int width = flat.length / count;
        float[][] rows = new float[count][];
        for (int row = 0; row < count; row++) {
            rows[row] = Arrays.copyOfRange(flat, row * width, (row + 1) * width);
        }
        return rows;
    }

    /** The dims of a batch of {@code count} examples of shape {@code input}: {@code [count, C, ...]}. */
    public static long[] dims(Shape input, long count) {
        long[] dims = new long[input.rank() + 1];
        dims[0] = count;
        for (int axis = 0; axis < input.rank(); axis++) {
            dims[axis + 1] = input.dims().get(axis);
        }
        return dims;
    }
}
