package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingPlan;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The order in which one training run visits its examples, fixed by the plan's seed, the same on every
 * backend: a generator {@code new SplittableRandom(plan.seed())} first draws the sample a data fraction
 * keeps ({@link #sample}), then splits off the generator of the augmentation, then shuffles the kept
 * examples at the start of every epoch ({@link #nextEpoch}). Batches are {@link Batches#ends cut} from
 * the shuffled order with the plan's batch size, at most the number of examples kept.
 *
 * <p>Mutable: one run, one thread. The augmentation has a generator of its own so that a task with
 * augmentation draws the same sample and order as without.
 */
public final class ExampleOrder {

    private final SplittableRandom random;
    private final int[] order;
    private final SplittableRandom augmentationRandom;
    private final int batchSize;
    private final int[] batchEnds;

    private ExampleOrder(int examples, TrainingPlan plan) {
        this.random = new SplittableRandom(plan.seed());
        this.order = sample(examples, plan.dataFraction(), random);
        this.augmentationRandom = random.split();
        this.batchSize = Math.min(plan.batchSize(), order.length);
        this.batchEnds = Batches.ends(order.length, batchSize);
    }

    /**
     * The order of a run of {@code plan} over a training set of {@code examples}.
     *
     * @throws IllegalArgumentException when the training set is empty
     */
    public static ExampleOrder of(int examples, TrainingPlan plan) {
        return new ExampleOrder(examples, plan);
    }

    /** How many examples an epoch visits: the sample the data fraction keeps, at least one. */
    public int examples() {
        return order.length;
    }

    /** The size of every batch but possibly the last. */
    public int batchSize() {
        return batchSize;
    }

    /** How many batches (optimisation steps) an epoch has. */
    public int batchesPerEpoch() {
        return batchEnds.length;
    }

    /** The generator the dataset's augmentation draws from, separate from the order's. */
    public SplittableRandom augmentationRandom() {
        return augmentationRandom;
    }

    /** Shuffles the examples for the next epoch and returns its batches' example indices, in order. */
    public int[][] nextEpoch() {
        shuffle(order, random);
        int[][] batches = new int[batchEnds.length][];
        for (int batch = 0; batch < batchEnds.length; batch++) {
            batches[batch] = Arrays.copyOfRange(order, batch == 0 ? 0 : batchEnds[batch - 1], batchEnds[batch]);
        }
        return batches;
    }

    /**
     * The examples a data fraction keeps: all of {@code 0 .. size - 1} in order when {@code fraction >= 1},
     * else a seeded sample without replacement of {@code round(fraction * size)}, at least one.
     *
     * @throws IllegalArgumentException when {@code size} is 0
     */
    public static int[] sample(int size, double fraction, SplittableRandom random) {
        if (size == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        int[] all = Batches.range(0, size);
        if (fraction >= 1) {
            return all;
        }
        shuffle(all, random);
        int kept = (int) Math.max(1, Math.round(fraction * size));
        return Arrays.copyOf(all, kept);
    }

    /** Shuffles {@code values} in place (Fisher-Yates from the last position down), drawing from {@code random}. */
    public static void shuffle(int[] values, SplittableRandom random) {
        for (int index = values.length - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = values[index];
            values[index] = values[other];
            values[other] = swap;
        }
    }
}
