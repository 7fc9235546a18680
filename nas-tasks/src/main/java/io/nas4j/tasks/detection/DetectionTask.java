package io.nas4j.tasks.detection;

import io.nas4j.core.network.DetectorHead;
import io.nas4j.tasks.classification.Digits;
import io.nas4j.tasks.data.Normalization;
import io.nas4j.tasks.data.Split;
import io.nas4j.tasks.data.Splits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An object detection problem ready for a search: training, validation and test images with their
 * objects, the detector head that finishes every searched network, and the per-channel standardisation
 * the images went through (fitted on the training part only).
 *
 * <p>The factories are seeded: the same arguments always give the same task.
 *
 * @param name          a short name, for example {@code digit-canvases}
 * @param train         images the weights are fitted on
 * @param validation    images architectures are ranked by (mAP at IoU 0.5)
 * @param test          images the final detector is reported on, once
 * @param head          the detector head, whose input is the images' shape
 * @param normalization the standardisation the images went through
 */
public record DetectionTask(String name, DetectionDataset train, DetectionDataset validation, DetectionDataset test,
                            DetectorHead head, Normalization normalization) {

    /** The canvas side, the canvases per part and the digits per canvas of {@link #digitCanvases}. */
    public static final int CANVAS = 48;
    public static final int TRAIN_CANVASES = 1000;
    public static final int EVALUATION_CANVASES = 250;
    public static final int MAX_DIGITS = 3;

    public DetectionTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(normalization, "normalization");
        for (DetectionDataset data : List.of(train, validation, test)) {
            if (!data.inputShape().equals(head.input()) || data.classes() != head.classes()) {
                throw new IllegalArgumentException(name + ": " + data.name() + " has shape " + data.inputShape() + " and "
                        + data.classes() + " classes, the head expects " + head.input() + " and " + head.classes());
            }
        }
    }

    /**
     * The embedded default: 48x48 canvases with one to three UCI digits each, enlarged 2 to 3 times
     * ({@link DigitCanvases}): 1,000 training, 250 validation and 250 test canvases, each part drawn from its
     * own share of the 1,797 digits (60/20/20, stratified), standardised with training statistics. Needs no
     * files.
     */
    public static DetectionTask digitCanvases(long seed) {
        Split digits = Splits.stratified(Digits.load(), 0.2, 0.2, seed);
        DetectionDataset train = DigitCanvases.generate("digit-canvases/train", digits.train(), TRAIN_CANVASES, CANVAS,
                MAX_DIGITS, 2, 3, seed * 31 + 1);
        DetectionDataset validation = DigitCanvases.generate("digit-canvases/validation", digits.validation(),
                EVALUATION_CANVASES, CANVAS, MAX_DIGITS, 2, 3, seed * 31 + 2);
        DetectionDataset test = DigitCanvases.generate("digit-canvases/test", digits.test(), EVALUATION_CANVASES, CANVAS,
                MAX_DIGITS, 2, 3, seed * 31 + 3);
        return standardized("digit-canvases", train, validation, test);
    }

    /**
     * A Pascal VOC set in {@code root} ({@link PascalVoc}) resized to {@code size x size}. The test part is
     * the images listed in {@code data/test_labels.csv} when it and {@code data/train_labels.csv} exist (the
     * raccoon set's split; first column the file name), else a seeded fifth of the images;
     * {@code validationFraction} of the rest, seeded, is validation.
     *
     * @throws IOException naming the folder or file that is missing or malformed
     */
    public static DetectionTask pascalVoc(Path root, String name, int size, double validationFraction, long seed)
            throws IOException {
        PascalVoc.Images images = PascalVoc.read(root, name, size, null);
        int[][] parts = testSplit(root, images, seed);
        DetectionDataset pool = images.data().subset(parts[0], name + "/pool");
        DetectionDataset test = images.data().subset(parts[1], name + "/test");
        return withValidation(name, pool, test, validationFraction, seed);
    }

    /**
     * The set a COCO annotation file describes ({@link CocoJson}), resized to {@code size x size}: a seeded
     * fifth of the images for test and {@code validationFraction} of the rest for validation.
     *
     * @throws IOException naming the file that is missing or malformed
     */
    public static DetectionTask coco(Path annotationFile, Path imageFolder, String name, int size,
                                     double validationFraction, long seed) throws IOException {
        DetectionDataset all = CocoJson.read(annotationFile, imageFolder, name, size);
        int[][] parts = Splits.stratifiedIndices(io.nas4j.tasks.data.Datasets.labels(all), all.classes(), seed, 0.2);
        return withValidation(name, all.subset(parts[0], name + "/pool"), all.subset(parts[1], name + "/test"),
                validationFraction, seed);
    }

    private static DetectionTask withValidation(String name, DetectionDataset pool, DetectionDataset test,
                                                double validationFraction, long seed) {
        int[][] parts = Splits.stratifiedIndices(io.nas4j.tasks.data.Datasets.labels(pool), pool.classes(), seed,
                validationFraction);
        return standardized(name, pool.subset(parts[0], name + "/train"), pool.subset(parts[1], name + "/validation"), test);
    }

    private static int[][] testSplit(Path root, PascalVoc.Images images, long seed) throws IOException {
        Path trainList = root.resolve("data").resolve("train_labels.csv");
        Path testList = root.resolve("data").resolve("test_labels.csv");
        if (!Files.isRegularFile(trainList) || !Files.isRegularFile(testList)) {
            return Splits.stratifiedIndices(io.nas4j.tasks.data.Datasets.labels(images.data()), images.data().classes(),
                    seed, 0.2);
        }
        Set<String> testFiles = firstColumn(testList);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int index = 0; index < images.files().size(); index++) {
            (testFiles.contains(images.files().get(index)) ? test : train).add(index);
        }
        if (test.isEmpty()) {
            throw new IOException(testList + " names none of the annotated images");
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(),
                test.stream().mapToInt(Integer::intValue).toArray()};
    }

    private static Set<String> firstColumn(Path csv) throws IOException {
        Set<String> values = new HashSet<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                values.add(line.split(",", 2)[0].trim());
            }
        }
        return values;
    }

    /** A task over these parts standardised per channel with training statistics, the default head. */
    public static DetectionTask standardized(String name, DetectionDataset train, DetectionDataset validation,
                                             DetectionDataset test) {
        Normalization normalization = Normalization.fit(train);
        return new DetectionTask(name, train.normalized(normalization), validation.normalized(normalization),
                test.normalized(normalization), DetectorHead.of(train.inputShape(), train.classes()), normalization);
    }

    /** This task with another head (other loss terms or default anchors). */
    public DetectionTask withHead(DetectorHead value) {
        return new DetectionTask(name, train, validation, test, value, normalization);
    }

    /** Training and validation images together, for the final training of the chosen detector. */
    public DetectionDataset trainAndValidation() {
        return train.join(validation, name + "/train+validation");
    }
}
