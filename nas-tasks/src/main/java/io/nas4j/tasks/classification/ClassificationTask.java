package io.nas4j.tasks.classification;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;
import io.nas4j.tasks.data.Augmentations;
import io.nas4j.tasks.data.IdxSets;
import io.nas4j.tasks.data.Normalization;
import io.nas4j.tasks.data.Split;
import io.nas4j.tasks.data.Splits;
import io.nas4j.tasks.data.TrainTest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image classification problem ready for a search: the three data parts, the head that finishes every
 * searched network (global average pooling and a linear layer to the class logits), the metrics to report
 * and the augmentation a backend applies to training batches.
 *
 * <p>Contract: the three datasets and the head agree on the input shape and the class count; every metric
 * name is one of {@link ClassificationMetrics#NAMES}; anything else throws {@link IllegalArgumentException}.
 * The factories divide the data with {@link Splits} (stratified, seeded) and standardise it per channel with
 * statistics of the training part only ({@link Normalization#standardize}), so the same seed always gives
 * the same task.
 *
 * @param name         a short name, for example {@code digits}
 * @param train        examples the weights are fitted on
 * @param validation   examples architectures are ranked by during the search
 * @param test         examples the final architecture is reported on, once
 * @param head         the classification head, whose input is the examples' shape
 * @param metrics      the metric names to report, for example {@code accuracy}
 * @param augmentation what a backend applies to each training batch; {@link Augmentation#none()} for none
 * @param normalization the per-channel standardisation the inputs went through, fitted on training data
 *                      only; an exported model needs it to be fed raw inputs
 */
public record ClassificationTask(String name, Dataset train, Dataset validation, Dataset test,
                                 ClassificationHead head, List<String> metrics, Augmentation augmentation,
                                 Normalization normalization) {

    /** The default validation and test fractions of {@link #digits}. */
    public static final double DIGITS_VALIDATION_FRACTION = 0.2;
    public static final double DIGITS_TEST_FRACTION = 0.2;

    public ClassificationTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(normalization, "normalization");
        metrics = List.copyOf(metrics);
        for (Dataset data : List.of(train, validation, test)) {
            if (!data.inputShape().equals(head.input()) || data.classes() != head.classes()) {
                throw new IllegalArgumentException(name + ": " + data.name() + " has shape " + data.inputShape()
                        + " and " + data.classes() + " classes, the head expects " + head.input() + " and "
                        + head.classes());
            }
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException(name + ": a task needs at least one metric, known: "
                    + ClassificationMetrics.NAMES);
        }
        for (String metric : metrics) {
            if (!ClassificationMetrics.NAMES.contains(metric)) {
                throw new IllegalArgumentException(name + ": unknown metric '" + metric + "'; known: "
                        + ClassificationMetrics.NAMES);
            }
        }
    }

    /** A task whose inputs are used as they are (no normalisation recorded). */
    public ClassificationTask(String name, Dataset train, Dataset validation, Dataset test, ClassificationHead head,
                              List<String> metrics, Augmentation augmentation) {
        this(name, train, validation, test, head, metrics, augmentation,
                Normalization.identity(train.inputShape().channels()));
    }

    /** A task over {@code split} with its training part's shape and classes, reporting accuracy. */
    public static ClassificationTask of(String name, Split split, Augmentation augmentation) {
        Dataset train = split.train();
        return new ClassificationTask(name, train, split.validation(), split.test(),
                new ClassificationHead(train.inputShape(), train.classes()), List.of(ClassificationMetrics.ACCURACY),
                augmentation);
    }

    /**
     * A task over {@code split} standardised per channel with statistics of its training part only; the
     * statistics are kept ({@link #normalization()}) so that an exported model can be fed raw inputs.
     */
    public static ClassificationTask standardized(String name, Split split, Augmentation augmentation) {
        Normalization normalization = Normalization.fit(split.train());
        return of(name, normalization.apply(split), augmentation).withNormalization(normalization);
    }

    /**
     * The embedded default: UCI digits divided 60/20/20 (1,079 / 359 / 359 examples) stratified with
     * {@code seed}, standardised with training statistics, no augmentation (mirrored digits are other
     * shapes). Needs no files and no network.
     */
    public static ClassificationTask digits(long seed) {
        Split split = Splits.stratified(Digits.load(), DIGITS_VALIDATION_FRACTION, DIGITS_TEST_FRACTION, seed);
        return standardized(Digits.NAME, split, Augmentation.none());
    }

    /**
     * An IDX set (MNIST, Fashion-MNIST or any set in their layout, see {@link IdxSets})
     * from {@code directory}: the publisher's test part as test, {@code validationFraction} of the training
     * part (stratified, seeded) as validation, standardised with training statistics, no augmentation. The
     * task is named after the directory; the class count is the largest label plus one.
     *
     * @throws IOException when a file is missing or malformed, naming it
     */
    public static ClassificationTask fromIdx(Path directory, double validationFraction, long seed)
            throws IOException {
        Path folder = directory.getFileName();
        String name = folder == null ? "idx" : folder.toString();
        TrainTest sets = IdxSets.load(directory, name);
        return standardized(name, Splits.withValidation(sets, validationFraction, seed), Augmentation.none());
    }

    /**
     * CIFAR-10 from its binary files in {@code directory} (see {@link Cifar10#load}): the test batch as test,
     * {@code validationFraction} of the training batches as validation, standardised with training
     * statistics, with the usual augmentation ({@link Augmentations#standardImage()}).
     *
     * @throws IOException when a file is missing or malformed, naming it
     */
    public static ClassificationTask cifar10(Path directory, double validationFraction, long seed)
            throws IOException {
        TrainTest sets = Cifar10.load(directory);
        return standardized(Cifar10.NAME, Splits.withValidation(sets, validationFraction, seed),
                Augmentations.standardImage());
    }

    /** The training split carrying the task's augmentation: what a backend should train on. */
    public Dataset augmentedTrain() {
        return Augmentations.augmented(train, augmentation);
    }

    /** This task with {@code value} applied to training batches. */
    public ClassificationTask withAugmentation(Augmentation value) {
        return new ClassificationTask(name, train, validation, test, head, metrics, value, normalization);
    }

    /** This task recording {@code value} as the standardisation its inputs went through. */
    public ClassificationTask withNormalization(Normalization value) {
        return new ClassificationTask(name, train, validation, test, head, metrics, augmentation, value);
    }
}
