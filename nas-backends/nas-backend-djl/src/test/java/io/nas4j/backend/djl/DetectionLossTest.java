package io.nas4j.backend.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.EpochMonitor;
import io.nas4j.core.port.TrainingBackend.TrainingReport;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The detection loss against hand-computed values, and detectors that learn from dense targets. */
class DetectionLossTest {

    private static final DjlBackend BACKEND = new DjlBackend();

    /**
     * Two anchors, two classes. Anchor 0 (centre (2, 2), 4x4) is positive for class 1 with target offsets 0;
     * it predicts objectness logit 0, offsets (0.5, 0, 0, 0) and class logits (0, 0). Anchor 1 is a
     * counted negative with logit 0. By hand:
     * BCE: ln 2 per anchor; focal: 0.25 * 0.5^2 * ln 2 (positive) and 0.75 * 0.5^2 * ln 2 (negative);
     * smooth L1: |0.5| - 0.5 / 9; GIoU: boxes (2,0)-(6,4) and (0,0)-(4,4) meet in 8 of a union of 24
     * inside an enclosing box of 24, so 1 - GIoU = 2/3; class cross entropy ln 2. One positive.
     */
    @ParameterizedTest
    @CsvSource({
            "BINARY_CROSS_ENTROPY, SMOOTH_L1, 2.5238862",
            "FOCAL, SMOOTH_L1, 1.3108785",
            "BINARY_CROSS_ENTROPY, GIOU, 2.7461084"})
    void theLossOfTwoAnchorsIsTheHandComputedSum(DetectionLoss.Objectness objectness, DetectionLoss.Box box,
                                                  double expected) {
        float[] predictions = {0, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 7};
        float[] targets = {1, 1, 0, 0, 0, 0, 1, 2, 2, 4, 4, 0, 1, 0, 0, 0, 0, 0, 10, 2, 4, 4};
        DjlEngine.pytorch();
        try (NDManager manager = NDManager.newBaseManager()) {
            DetectionLossFunction loss = new DetectionLossFunction(new DetectionLoss(objectness, box), 2);

            float value = loss.evaluate(new NDList(manager.create(targets, new Shape(1, 2, 11))),
                    new NDList(manager.create(predictions, new Shape(1, 2, 7)))).getFloat();

            assertThat((double) value).isCloseTo(expected, within(1e-5));
        }
    }

    @ParameterizedTest
    @CsvSource({"FOCAL, SMOOTH_L1", "BINARY_CROSS_ENTROPY, GIOU"})
    void aDetectorLearnsWhereTheSquaresAreAndKeepsItThroughSaveAndLoad(DetectionLoss.Objectness objectness,
                                                                      DetectionLoss.Box box,
                                                                      @org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        NetworkSpec spec = DetectionDatasets.detector(DetectionDatasets.SHAPE, new DetectionLoss(objectness, box));
        Dataset train = DetectionDatasets.squares(256, 1);
        Dataset test = DetectionDatasets.squares(64, 2);
        try (TrainingBackend.Model model = BACKEND.compile(spec)) {
            TrainingReport report = BACKEND.train(model, train, null,
                    new TrainingPlan(15, 32, TrainingPlan.Optimizer.ADAM, 0.01, 0.9, 0, TrainingPlan.Schedule.COSINE, 1, 3),
                    EpochMonitor.none());

            assertThat(report.trainLoss().get(report.trainLoss().size() - 1)).isLessThan(report.trainLoss().get(0) / 2);
            assertThat(BACKEND.evaluate(model, test).accuracy()).isNaN();
            float[][] rows = BACKEND.predict(model, test);
            assertThat(rows[0]).hasSize(DetectionDatasets.ANCHORS * 7);
            // the anchor with the highest objectness is the square's in most test images
            float[] targets = new float[64 * DetectionDatasets.ANCHORS * DetectionLoss.TARGET_WIDTH];
            test.copyTargets(java.util.stream.IntStream.range(0, 64).toArray(), targets);
            int found = 0;
            for (int image = 0; image < 64; image++) {
                int best = 0;
                for (int anchor = 1; anchor < DetectionDatasets.ANCHORS; anchor++) {
                    if (rows[image][anchor * 7] > rows[image][best * 7]) {
                        best = anchor;
                    }
                }
                found += targets[(image * DetectionDatasets.ANCHORS + best) * DetectionLoss.TARGET_WIDTH] == 1 ? 1 : 0;
            }
            assertThat(found).isGreaterThan(48);
            BACKEND.save(model, folder);
            try (TrainingBackend.Model loaded = BACKEND.load(folder)) {
                assertThat(BACKEND.predict(loaded, test)[5]).containsExactly(rows[5]);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theDetectionLossNeedsADetectionOutputAndDenseTargets() {
        NetworkSpec.Builder builder = NetworkSpec.builder(io.nas4j.core.network.Shape.of(3, 8, 8));
        String head = builder.add("head", new io.nas4j.core.network.Op.DetectionHead(2, 3), NetworkSpec.INPUT);
        NetworkSpec raw = builder.build(head, io.nas4j.core.network.Loss.DETECTION);
        io.nas4j.backend.tck.ArrayDataset images = io.nas4j.backend.tck.ArrayDataset.of(raw.input(), 2, 4, index -> 0.5);
        try (TrainingBackend.Model model = BACKEND.compile(raw)) {
            assertThat(BACKEND.predict(model, images)).hasDimensions(4, 3 * 7 * 64);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BACKEND.train(model, images, images, plan(1), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss DETECTION needs the network to end in a detection_output node, but head is detection_head");
        }
        NetworkSpec detector = DetectionDatasets.detector(DetectionDatasets.SHAPE, DetectionLoss.defaults());
        try (TrainingBackend.Model model = BACKEND.compile(detector)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BACKEND.train(model,
                            io.nas4j.backend.tck.ArrayDataset.of(detector.input(), 1, 4, index -> 0), null, plan(1),
                            EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss DETECTION trains on dense targets, but fixed carries class labels only");
        }
    }

    private static TrainingPlan plan(int epochs) {
        return new TrainingPlan(epochs, 32, TrainingPlan.Optimizer.ADAM, 1e-2, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 1);
    }
}
