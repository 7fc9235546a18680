package io.nas4j.backend.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.nas4j.core.network.DetectionLoss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The detection loss function against hand-computed values. Detectors that learn from dense targets, and the
 * loss through the backend against the pure-Java reference, are the conformance kit's {@code DetectionConformance}.
 */
class DetectionLossTest {

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
            "BINARY_CROSS_ENTROPY, GIOU, 2.7461084",
            "FOCAL, GIOU, 1.5331006"})
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
}
