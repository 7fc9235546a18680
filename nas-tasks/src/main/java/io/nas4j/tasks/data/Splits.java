package io.nas4j.tasks.data;

import io.nas4j.core.port.Dataset;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded, stratified divisions of a dataset into training, validation and test parts.
 *
 * <p>Contract: every class is divided on its own, so each part keeps the class proportions of the whole. A
 * part with fraction {@code f} of {@code N} examples gets exactly {@code round(N * f)} of them: each class
 * of {@code n} gives {@code floor(n * f)}, and the examples still missing come one each from the classes
 * with the largest remainders {@code n * f - floor(n * f)} (equal remainders in a seeded random order), so
 * rounding never drifts the part's size the way rounding each class would. The rest go to training. Which
 * examples go where depends only on the labels and the seed ({@link SplittableRandom}, whose sequence is
 * fixed across JDK versions). The parts are disjoint, together hold every example exactly once, and keep
 * the examples in their original order. Fractions outside {@code [0, 1)}, or summing to 1 or more, throw
 * {@link IllegalArgumentException}.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * Divides {@code data} into {@code name/train}, {@code name/validation} and {@code name/test}, where
     * {@code name} is {@code data.name()}.
     */
    public static Split stratified(Dataset data, double validationFraction, double testFraction, long seed) {
        Objects.requireNonNull(data, "data");
        int[][] parts = stratifiedIndices(Datasets.labels(data), data.classes(), seed, validationFraction,
                testFraction);
        return new Split(data.subset(parts[0], data.name() + "/train"),
                data.subset(parts[1], data.name() + "/validation"),
                data.subset(parts[2], data.name() + "/test"));
    }

    /**
     * Keeps the publisher's test part and divides the training part into {@code name/train} and
     * {@code name/validation}, stratified by class.
     */
    public static Split withValidation(TrainTest sets, double validationFraction, long seed) {
        Objects.requireNonNull(sets, "sets");
        Dataset pool = sets.train();
        int[][] parts = stratifiedIndices(Datasets.labels(pool), pool.classes(), seed, validationFraction);
        return new Split(pool.subset(parts[0], sets.name() + "/train"),
                pool.subset(parts[1], sets.name() + "/validation"),
                sets.test());
    }

    /**
     * The index sets of a stratified division of examples labelled {@code labels}: element 0 holds the
     * remainder (training), element {@code k} the part of {@code fractions[k - 1]}; each sorted ascending.
     */
    public static int[][] stratifiedIndices(int[] labels, int classes, long seed, double... fractions) {
        double total = 0;
        for (double fraction : fractions) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("split fractions must be in [0, 1), got " + fraction);
            }
            total += fraction;
        }
        if (!(total < 1)) {
            throw new IllegalArgumentException("split fractions must leave examples for training, but "
                    + Arrays.toString(fractions) + " sum to " + total);
        }
        int[][] byClass = indicesByClass(labels, classes);
        SplittableRandom random = new SplittableRandom(seed);
        for (int[] members : byClass) {
            shuffle(members, random);
        }
        int[] taken = new int[classes];
        int[][] parts = new int[fractions.length + 1][];
        for (int part = 1; part <= fractions.length; part++) {
            int[] counts = allocate(byClass, taken, labels.length, fractions[part - 1], random);
            parts[part] = take(byClass, taken, counts);
        }
        int[] rest = new int[classes];
        for (int label = 0; label < classes; label++) {
            rest[label] = byClass[label].length - taken[label];
        }
        parts[0] = take(byClass, taken, rest);
        return parts;
    }

    /** How many examples of each class a part of {@code fraction} gets (largest remainders). */
    private static int[] allocate(int[][] byClass, int[] taken, int size, double fraction, SplittableRandom random) {
        int classes = byClass.length;
        int[] counts = new int[classes];
        double[] remainders = new double[classes];
        long missing = Math.round(size * fraction);
        for (int label = 0; label < classes; label++) {
            double share = byClass[label].length * fraction;
            counts[label] = Math.min((int) Math.floor(share), byClass[label].length - taken[label]);
            remainders[label] = share - Math.floor(share);
            missing -= counts[label];
        }
        Integer[] order = new Integer[classes];
        int[] shuffled = Datasets.allIndices(classes);
        shuffle(shuffled, random);
        for (int position = 0; position < classes; position++) {
            order[position] = shuffled[position];
        }
        // Stable, so classes with equal remainders keep the seeded order.
        Arrays.sort(order, (first, second) -> Double.compare(remainders[second], remainders[first]));
        for (int position = 0; position < classes && missing > 0; position++) {
            int label = order[position];
            if (counts[label] < byClass[label].length - taken[label]) {
                counts[label]++;
                missing--;
            }
        }
        return counts;
    }

    /** The next {@code counts[c]} shuffled members of each class {@code c}, sorted by index. */
    private static int[] take(int[][] byClass, int[] taken, int[] counts) {
        int[] part = new int[Arrays.stream(counts).sum()];
        int filled = 0;
        for (int label = 0; label < byClass.length; label++) {
            System.arraycopy(byClass[label], taken[label], part, filled, counts[label]);
            filled += counts[label];
            taken[label] += counts[label];
        }
        Arrays.sort(part);
        return part;
    }

    private static int[][] indicesByClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int index = 0; index < labels.length; index++) {
            if (labels[index] < 0 || labels[index] >= classes) {
                throw new IllegalArgumentException("label " + labels[index] + " of example " + index
                        + " is outside [0, " + classes + ")");
            }
            counts[labels[index]]++;
        }
        int[][] byClass = new int[classes][];
        for (int label = 0; label < classes; label++) {
            byClass[label] = new int[counts[label]];
        }
        int[] filled = new int[classes];
        for (int index = 0; index < labels.length; index++) {
            byClass[labels[index]][filled[labels[index]]++] = index;
        }
        return byClass;
    }

    /** Fisher–Yates, written out so the order depends on the seed alone, not on a library's shuffle. */
    private static void shuffle(int[] values, SplittableRandom random) {
        for (int last = values.length - 1; last > 0; last--) {
            int other = random.nextInt(last + 1);
            int swapped = values[last];
            values[last] = values[other];
            values[other] = swapped;
        }
    }
}
