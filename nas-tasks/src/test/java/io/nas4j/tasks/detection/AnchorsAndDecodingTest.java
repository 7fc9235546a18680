package io.nas4j.tasks.detection;

import io.nas4j.core.network.AnchorSet;
import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Target assignment and decoding on a 2x2 grid of 8x8 anchors over a 16x16 image, 2 classes. */
class AnchorsAndDecodingTest {

    private static final DetectionLayout LAYOUT = layout();

    private static DetectionLayout layout() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 16, 16));
        String features = builder.add("down", Op.Conv.of2d(4, 3, 8), NetworkSpec.INPUT);
        String head = builder.add("head", new Op.DetectionHead(2, 1), features);
        String output = builder.add("out", new Op.DetectionOutput(2, List.of(new AnchorSet(List.of(8.0), List.of(1.0))),
                DetectionLoss.defaults()), head);
        // anchors: (0,0)-(8,8), (8,0)-(16,8), (0,8)-(8,16), (8,8)-(16,16)
        return DetectionLayout.of(builder.build(output, Loss.DETECTION));
    }

    private static float at(float[] targets, int anchor, int field) {
        return targets[anchor * DetectionLoss.TARGET_WIDTH + field];
    }

    @Test
    void anExactFitIsPositiveWithZeroOffsetsAndEveryObjectGetsItsBestAnchor() {
        // the second object overlaps anchor 3 by 8 * 3.2 / 64 = 0.4 only, yet anchor 3 is its best
        float[] targets = AnchorMatcher.retinaNet().targets(LAYOUT, List.of(
                GroundTruth.of(1, 0, 0, 8, 8),
                GroundTruth.of(0, 8, 9, 16, 12.2)));

        assertThat(at(targets, 0, DetectionLoss.OBJECTNESS)).isEqualTo(1f);
        assertThat(at(targets, 0, DetectionLoss.CLASS)).isEqualTo(1f);
        assertThat(at(targets, 0, DetectionLoss.BOX)).isZero();
        assertThat(at(targets, 3, DetectionLoss.OBJECTNESS)).isEqualTo(1f);
        assertThat(at(targets, 3, DetectionLoss.CLASS)).isEqualTo(0f);
        // centre (12, 10.6), 8 x 3.2 against the anchor at (12, 12), 8 x 8
        assertThat((double) at(targets, 3, DetectionLoss.BOX)).isCloseTo(0, within(1e-6));
        assertThat((double) at(targets, 3, DetectionLoss.BOX + 1)).isCloseTo(-0.175, within(1e-6));
        assertThat((double) at(targets, 3, DetectionLoss.BOX + 3)).isCloseTo(Math.log(0.4), within(1e-6));
        // anchors 1 and 2 overlap nothing: counted background, their geometry written all the same
        assertThat(at(targets, 1, DetectionLoss.OBJECTNESS)).isZero();
        assertThat(at(targets, 1, DetectionLoss.WEIGHT)).isEqualTo(1f);
        assertThat(at(targets, 2, DetectionLoss.ANCHOR)).isEqualTo(4f);
        assertThat(at(targets, 2, DetectionLoss.ANCHOR + 1)).isEqualTo(12f);
        assertThat(at(targets, 2, DetectionLoss.ANCHOR + 2)).isEqualTo(8f);
    }

    @Test
    void anAnchorBetweenTheThresholdsIsIgnored() {
        // (0,0)-(16,9), 144 pixels: anchors 0 and 1 each meet it in 64, IoU 64 / 144 = 0.44; anchors 2 and 3 in
        // 8, IoU 8 / 200 = 0.04. Anchor 0 comes first among the best, so it is forced positive; anchor 1 is ignored.
        float[] targets = AnchorMatcher.retinaNet().targets(LAYOUT, List.of(GroundTruth.of(0, 0, 0, 16, 9)));

        assertThat(at(targets, 0, DetectionLoss.OBJECTNESS)).isEqualTo(1f);
        assertThat(at(targets, 1, DetectionLoss.OBJECTNESS)).isZero();
        assertThat(at(targets, 1, DetectionLoss.WEIGHT)).isZero();
        assertThat(at(targets, 2, DetectionLoss.WEIGHT)).isEqualTo(1f);
        assertThat(at(targets, 3, DetectionLoss.WEIGHT)).isEqualTo(1f);
        // with positives from 0.4, both halves are positive
        float[] loose = new AnchorMatcher(0.4, 0.3).targets(LAYOUT, List.of(GroundTruth.of(0, 0, 0, 16, 9)));
        assertThat(at(loose, 1, DetectionLoss.OBJECTNESS)).isEqualTo(1f);
    }

    @Test
    void anImageWithoutObjectsIsAllBackground() {
        float[] targets = AnchorMatcher.retinaNet().targets(LAYOUT, List.of());

        for (int anchor = 0; anchor < 4; anchor++) {
            assertThat(at(targets, anchor, DetectionLoss.OBJECTNESS)).isZero();
            assertThat(at(targets, anchor, DetectionLoss.WEIGHT)).isEqualTo(1f);
        }
    }

    @Test
    void decodingScoresObjectnessTimesClassProbabilityAndSuppressesDuplicates() {
        float[] row = new float[4 * 7];
        java.util.Arrays.fill(row, 0);
        for (int anchor = 0; anchor < 4; anchor++) {
            row[anchor * 7] = -10;
        }
        // anchor 0: objectness logit 2 (0.8808), offsets 0, class logits (0, ln 3): P(class 1) = 0.75
        row[0] = 2;
        row[6] = (float) Math.log(3);
        // anchor 1: logit 0 (0.5), shifted left by a whole anchor width onto anchor 0's box: a duplicate
        row[7] = 0;
        row[8] = -1;
        row[13] = (float) Math.log(3);

        List<Detection> detections = new DetectionDecoder(LAYOUT, 0.05, 0.5, 10, 10).decode(row);

        assertThat(detections).hasSize(1);
        Detection detection = detections.get(0);
        assertThat(detection.label()).isEqualTo(1);
        assertThat(detection.score()).isCloseTo(0.75 / (1 + Math.exp(-2)), within(1e-6));
        assertThat(detection.box().iou(new Box(0, 0, 8, 8))).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void decodedBoxesAreClippedToTheImage() {
        float[] row = new float[4 * 7];
        for (int anchor = 0; anchor < 4; anchor++) {
            row[anchor * 7] = -10;
        }
        // anchor 3 doubled in size: (4,4)-(20,20), clipped to (4,4)-(16,16)
        row[21] = 5;
        row[24] = (float) Math.log(2);
        row[25] = (float) Math.log(2);

        List<Detection> detections = DetectionDecoder.of(LAYOUT).decode(row);

        assertThat(detections).hasSize(1);
        assertThat(detections.get(0).box().x1()).isCloseTo(4, within(1e-5));
        assertThat(detections.get(0).box().x2()).isEqualTo(16);
    }
}
