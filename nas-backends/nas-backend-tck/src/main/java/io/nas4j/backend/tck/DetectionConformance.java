package io.nas4j.backend.tck;

import io.nas4j.core.network.AnchorSet;
import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.EpochMonitor;
import io.nas4j.core.port.TrainingBackend.Evaluation;
import io.nas4j.core.port.TrainingBackend.TrainingReport;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.tasks.data.TargetDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@link Loss#DETECTION} loss as {@link DetectionLoss} defines it, for a backend that trains detectors:
 * its value for every combination of terms (through {@link TrainingBackend#evaluate} of a network whose
 * output rows are its input, so that the predictions are chosen exactly), that a small detector learns from
 * dense targets and keeps what it learnt through save and load, and the refusals of networks and data that
 * cannot train it. Every backend that passes gives the same loss on the same outputs and batch.
 *
 * <p>Extend it once per backend whose {@link TrainingConformance#supportsDetectionLoss()} is true.
 */
public abstract class DetectionConformance {

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    /**
     * Two anchors of one image, two classes. Anchor 0 (centre (2, 2), 4x4) is positive for class 1 with
     * target offsets 0; it predicts objectness logit 0, offsets (0.5, 0, 0, 0) and class logits (0, 0). Anchor
     * 1 is a counted negative with logit 0. By hand: BCE ln 2 per anchor; focal 0.25 * 0.5^2 * ln 2 (positive)
     * and 0.75 * 0.5^2 * ln 2 (negative); smooth L1 |0.5| - 0.5 / 9; GIoU: boxes (2,0)-(6,4) and (0,0)-(4,4)
     * meet in 8 of a union of 24 inside an enclosing box of 24, so 1 - GIoU = 2/3; class cross entropy ln 2.
     * One positive.
     */
    @ParameterizedTest
    @CsvSource({
            "BINARY_CROSS_ENTROPY, SMOOTH_L1, 2.5238862",
            "FOCAL, SMOOTH_L1, 1.3108785",
            "BINARY_CROSS_ENTROPY, GIOU, 2.7461084",
            "FOCAL, GIOU, 1.5331006"})
    void theLossOfTwoAnchorsIsTheHandComputedSum(DetectionLoss.Objectness objectness, DetectionLoss.Box box,
                                                  double expected) {
        float[][] rows = {{0, 0.5f, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 5, 7}};
        float[] targets = {1, 1, 0, 0, 0, 0, 1, 2, 2, 4, 4, 0, 1, 0, 0, 0, 0, 0, 10, 2, 4, 4};
        NetworkSpec spec = rowsOfTheInput(Shape.of(7, 1, 2), new DetectionLoss(objectness, box), 2,
                new AnchorSet(List.of(4.0), List.of(1.0)));
        Dataset batch = batch(spec, new float[][][] {rows}, targets);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            Evaluation evaluation = backend().evaluate(model, batch);

            assertThat(evaluation.loss()).isCloseTo(expected, within(1e-5));
            assertThat(evaluation.loss()).isCloseTo(DetectionLossReference.value(new DetectionLoss(objectness, box), 2,
                    flat(rows), targets), within(1e-5));
            assertThat(evaluation.accuracy()).isNaN();
        }
    }

    /**
     * Three images of twelve anchors (two per position on a 2x3 map, three classes) with seeded predictions
     * and targets: positives, counted negatives and ignored anchors, decoded boxes that overlap or not. The
     * backend's loss is the reference's, over the whole batch and divided by its positives (by 1 without any).
     */
    @ParameterizedTest
    @CsvSource({
            "BINARY_CROSS_ENTROPY, SMOOTH_L1, 0.3",
            "FOCAL, SMOOTH_L1, 0.3",
            "BINARY_CROSS_ENTROPY, GIOU, 0.3",
            "FOCAL, GIOU, 0.3",
            "FOCAL, GIOU, 0"})
    void theLossOfASeededBatchIsTheReferences(DetectionLoss.Objectness objectness, DetectionLoss.Box box,
                                              double positiveShare) {
        int classes = 3;
        int width = 5 + classes;
        DetectionLoss terms = new DetectionLoss(objectness, box);
        NetworkSpec spec = rowsOfTheInput(Shape.of(2 * width, 2, 3), terms, classes,
                new AnchorSet(List.of(4.0), List.of(0.5, 2.0)));
        DetectionLayout layout = DetectionLayout.of(spec);
        SplittableRandom random = new SplittableRandom(11);
        int images = 3;
        float[][][] rows = new float[images][layout.anchors()][width];
        float[] targets = new float[images * layout.anchors() * DetectionLoss.TARGET_WIDTH];
        for (int image = 0; image < images; image++) {
            for (int anchor = 0; anchor < layout.anchors(); anchor++) {
                float[] row = rows[image][anchor];
                row[0] = (float) random.nextDouble(-4, 4);
                for (int k = 1; k < width; k++) {
                    row[k] = (float) random.nextDouble(k < 5 ? -1 : -3, k < 5 ? 1 : 3);
                }
                int t = (image * layout.anchors() + anchor) * DetectionLoss.TARGET_WIDTH;
                boolean positive = random.nextDouble() < positiveShare;
                targets[t + DetectionLoss.OBJECTNESS] = positive ? 1 : 0;
                targets[t + DetectionLoss.WEIGHT] = positive || random.nextDouble() < 0.8 ? 1 : 0;
                if (positive) {
                    for (int k = 0; k < 4; k++) {
                        targets[t + DetectionLoss.BOX + k] = (float) random.nextDouble(-0.6, 0.6);
                    }
                    targets[t + DetectionLoss.CLASS] = random.nextInt(classes);
                }
                double[] geometry = layout.anchor(anchor);
                for (int k = 0; k < 4; k++) {
                    targets[t + DetectionLoss.ANCHOR + k] = (float) geometry[k];
                }
            }
        }
        float[] predictions = new float[images * layout.anchors() * width];
        for (int image = 0; image < images; image++) {
            for (int anchor = 0; anchor < layout.anchors(); anchor++) {
                System.arraycopy(rows[image][anchor], 0, predictions, (image * layout.anchors() + anchor) * width, width);
            }
        }
        double expected = DetectionLossReference.value(terms, classes, predictions, targets);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            double loss = backend().evaluate(model, batch(spec, rows, targets)).loss();

            assertThat(loss).isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
        }
    }

    @ParameterizedTest
    @CsvSource({"FOCAL, SMOOTH_L1", "BINARY_CROSS_ENTROPY, GIOU"})
    void aDetectorLearnsWhereTheSquaresAreAndKeepsItThroughSaveAndLoad(DetectionLoss.Objectness objectness,
                                                                      DetectionLoss.Box box, @TempDir Path folder)
            throws Exception {
        NetworkSpec spec = DetectionSquares.detector(DetectionSquares.SHAPE, new DetectionLoss(objectness, box));
        Dataset train = DetectionSquares.squares(256, 1);
        Dataset test = DetectionSquares.squares(64, 2);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            TrainingReport report = backend().train(model, train, null,
                    new TrainingPlan(15, 32, TrainingPlan.Optimizer.ADAM, 0.01, 0.9, 0, TrainingPlan.Schedule.COSINE, 1, 3),
                    EpochMonitor.none());

            assertThat(report.trainLoss().get(report.trainLoss().size() - 1)).isLessThan(report.trainLoss().get(0) / 2);
            assertThat(backend().evaluate(model, test).accuracy()).isNaN();
            float[][] rows = backend().predict(model, test);
            assertThat(rows[0]).hasSize(DetectionSquares.ANCHORS * 7);
            // the anchor with the highest objectness is the square's in most test images
            float[] targets = new float[64 * DetectionSquares.ANCHORS * DetectionLoss.TARGET_WIDTH];
            test.copyTargets(IntStream.range(0, 64).toArray(), targets);
            int found = 0;
            for (int image = 0; image < 64; image++) {
                int best = 0;
                for (int anchor = 1; anchor < DetectionSquares.ANCHORS; anchor++) {
                    if (rows[image][anchor * 7] > rows[image][best * 7]) {
                        best = anchor;
                    }
                }
                found += targets[(image * DetectionSquares.ANCHORS + best) * DetectionLoss.TARGET_WIDTH] == 1 ? 1 : 0;
            }
            assertThat(found).isGreaterThan(48);
            backend().save(model, folder);
            try (TrainingBackend.Model loaded = backend().load(folder)) {
                assertThat(backend().predict(loaded, test)[5]).containsExactly(rows[5]);
            }
        }
    }

    @Test
    void theDetectionLossNeedsADetectionOutputAndDenseTargets() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 8, 8));
        String head = builder.add("head", new Op.DetectionHead(2, 3), NetworkSpec.INPUT);
        NetworkSpec raw = builder.build(head, Loss.DETECTION);
        ArrayDataset images = ArrayDataset.of(raw.input(), 2, 4, index -> 0.5);
        try (TrainingBackend.Model model = backend().compile(raw)) {
            assertThat(backend().predict(model, images)).hasDimensions(4, 3 * 7 * 64);
            assertThatThrownBy(() -> backend().train(model, images, images, plan(), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss DETECTION needs the network to end in a detection_output node, but head is detection_head");
        }
        NetworkSpec detector = DetectionSquares.detector(DetectionSquares.SHAPE, DetectionLoss.defaults());
        try (TrainingBackend.Model model = backend().compile(detector)) {
            assertThatThrownBy(() -> backend().train(model, ArrayDataset.of(detector.input(), 1, 4, index -> 0), null,
                    plan(), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss DETECTION trains on dense targets, but fixed carries class labels only");
            Dataset fewAnchors = new TargetDataset(ArrayDataset.of(detector.input(), 2, 4, index -> 0),
                    Shape.of(4, DetectionLoss.TARGET_WIDTH), new float[4 * 4 * DetectionLoss.TARGET_WIDTH]);
            assertThatThrownBy(() -> backend().evaluate(model, fewAnchors))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the network has 16 anchors and needs targets of shape [16, 11], but fixed has [4, 11]");
        }
    }

    /** A detector without parameters: its output rows are its input's values, per position then anchor. */
    private static NetworkSpec rowsOfTheInput(Shape input, DetectionLoss terms, int classes, AnchorSet anchors) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String output = builder.add("rows", new Op.DetectionOutput(classes, List.of(anchors), terms), NetworkSpec.INPUT);
        return builder.build(output, Loss.DETECTION);
    }

    /**
     * Images whose inputs make {@link #rowsOfTheInput} output {@code rows[image][anchor]}: output {@code k} of
     * anchor {@code a} at position {@code (y, x)} is input channel {@code a * width + k} there.
     */
    private static Dataset batch(NetworkSpec spec, float[][][] rows, float[] targets) {
        Shape input = spec.input();
        int width = rows[0][0].length;
        int height = input.spatial(0);
        int columns = input.spatial(1);
        int perPosition = input.channels() / width;
        int elements = Math.toIntExact(input.elements());
        float[] inputs = new float[rows.length * elements];
        for (int image = 0; image < rows.length; image++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < columns; x++) {
                    for (int anchor = 0; anchor < perPosition; anchor++) {
                        float[] row = rows[image][(y * columns + x) * perPosition + anchor];
                        for (int k = 0; k < width; k++) {
                            int channel = anchor * width + k;
                            inputs[image * elements + (channel * height + y) * columns + x] = row[k];
                        }
                    }
                }
            }
        }
        int anchors = rows[0].length;
        return new TargetDataset(new ArrayDataset("rows", input, 2, inputs, new int[rows.length]),
                Shape.of(anchors, DetectionLoss.TARGET_WIDTH), targets);
    }

    private static float[] flat(float[][] rows) {
        float[] values = new float[rows.length * rows[0].length];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, values, row * rows[row].length, rows[row].length);
        }
        return values;
    }

    private static TrainingPlan plan() {
        return new TrainingPlan(1, 32, TrainingPlan.Optimizer.ADAM, 1e-2, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 1);
    }
}
