package io.nas4j.strategies.oneshot;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Seeded batch orders for the one-shot drivers: a shuffle per epoch, cut into batches of at least two examples. */
final class Batches {

    private Batches() {
    }

    /** {@code 0..size-1} shuffled by {@code random} (Fisher-Yates). */
    static int[] shuffled(int size, RandomGenerator random) {
        int[] order = new int[size];
        for (int index = 0; index < size; index++) {
            order[index] = index;
        }
        for (int index = size - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = order[index];
            order[index] = order[other];
            order[other] = swap;
        }
        return order;
    }

    /** Full batches of {@code batchSize} in an epoch of {@code size} examples (the remainder joins the last), at least 1. */
    static int count(int size, int batchSize) {
        if (size < 2) {
            throw new IllegalArgumentException("one-shot training needs at least 2 examples, got " + size);
        }
        return Math.max(1, size / Math.min(batchSize, size));
    }

    /** Batch {@code step} of {@code count} batches over {@code order}. */
    static int[] batch(int[] order, int step, int count) {
        int size = order.length / count;
        int from = step * size;
        int to = step == count - 1 ? order.length : from + size;
        return Arrays.copyOfRange(order, from, to);
    }
}
