package io.nas4j.core.network;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The detection output's shape and where a detector's anchors lie, computed by hand. */
class DetectionLayoutTest {

    private static final DetectionLoss LOSS = DetectionLoss.defaults();

    /** An 8x8 input with two levels: 4x4 (stride 2, one anchor) and 2x2 (stride 4, two anchors), 3 classes. */
    private static NetworkSpec twoLevels() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 8, 8));
        String fine = builder.add("fine", Op.Conv.of2d(4, 3, 2), NetworkSpec.INPUT);
        String coarse = builder.add("coarse", Op.Conv.of2d(4, 3, 2), fine);
        String fineHead = builder.add("fine_head", new Op.DetectionHead(3, 1), fine);
        String coarseHead = builder.add("coarse_head", new Op.DetectionHead(3, 2), coarse);
        String output = builder.add("out", new Op.DetectionOutput(3, List.of(
                new AnchorSet(List.of(4.0), List.of(1.0)),
                new AnchorSet(List.of(8.0), List.of(1.0, 4.0))), LOSS), fineHead, coarseHead);
        return builder.build(output, Loss.DETECTION);
    }

    @Test
    void theOutputHasOneRowPerAnchorOfEveryLevel() {
        NetworkAnalysis analysis = NetworkAnalysis.of(twoLevels());

        // 4*4*1 + 2*2*2 = 24 anchors, 5 + 3 outputs each
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(24, 8));
    }

    @Test
    void aHeadWhoseChannelsDoNotFitTheDeclaredAnchorsIsInvalid() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 8, 8));
        String head = builder.add("head", new Op.DetectionHead(3, 2), NetworkSpec.INPUT);
        String output = builder.add("out", new Op.DetectionOutput(3, List.of(new AnchorSet(List.of(4.0), List.of(1.0))),
                LOSS), head);

        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(output, Loss.DETECTION));

        assertThat(analysis.invalidReason()).hasValue(
                "node out (detection_output): level 0 has 16 channels, its 1 anchors of 8 outputs need 8");
    }

    @Test
    void anchorsFollowTheOutputRowsLevelByLevelRowByRow() {
        DetectionLayout layout = DetectionLayout.of(twoLevels());

        assertThat(layout.anchors()).isEqualTo(24);
        // fine level, stride 2: position (y 0, x 0) centred at (1, 1); (y 0, x 1) at (3, 1); (y 1, x 0) at (1, 3)
        assertThat(layout.anchor(0)).containsExactly(1, 1, 4, 4);
        assertThat(layout.anchor(1)).containsExactly(3, 1, 4, 4);
        assertThat(layout.anchor(4)).containsExactly(1, 3, 4, 4);
        // coarse level starts at row 16, stride 4: two anchors at (2, 2): 8x8 and ratio 4 -> 4 wide, 16 tall
        assertThat(layout.anchor(16)).containsExactly(2, 2, 8, 8);
        assertThat(layout.anchor(17)).containsExactly(2, 2, 4, 16);
        // last anchor: position (y 1, x 1) at (6, 6)
        assertThat(layout.anchor(23)).containsExactly(6, 6, 4, 16);
    }

    @Test
    void encodingAndDecodingAreInverse() {
        DetectionLayout layout = DetectionLayout.of(twoLevels());
        // anchor 16: centre (2, 2), 8x8; box (1, 0)-(5, 8): centre (3, 4), 4x8
        double[] offsets = layout.encode(16, 1, 0, 5, 8);

        assertThat(offsets[0]).isCloseTo(0.125, within(1e-12));
        assertThat(offsets[1]).isCloseTo(0.25, within(1e-12));
        assertThat(offsets[2]).isCloseTo(Math.log(0.5), within(1e-12));
        assertThat(offsets[3]).isCloseTo(0.0, within(1e-12));
        assertThat(layout.decode(16, offsets[0], offsets[1], offsets[2], offsets[3]))
                .containsExactly(new double[] {1, 0, 5, 8}, within(1e-9));
    }

    @Test
    void decodingClampsHugeSizeOffsets() {
        DetectionLayout layout = DetectionLayout.of(twoLevels());

        double[] box = layout.decode(0, 0, 0, 100, 100);

        // 4 * 1000 / 16 = 250 wide around centre 1
        assertThat(box[2] - box[0]).isCloseTo(250, within(1e-6));
    }

    @Test
    void theDetectorHeadPlacesAnchorsInStridesOfEachLevel() {
        DetectorHead head = DetectorHead.of(Shape.of(1, 16, 16), 2);
        NetworkSpec.Builder builder = NetworkSpec.builder(head.input());
        String features = builder.add("down", Op.Conv.of2d(8, 3, 4), NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(head.attach(builder, features), head.loss());

        Op.DetectionOutput output = (Op.DetectionOutput) spec.node(spec.output()).op();

        // stride 4, scales 2 and 3
        assertThat(output.levels()).containsExactly(new AnchorSet(List.of(8.0, 12.0), List.of(1.0, 2.0)));
        assertThat(NetworkAnalysis.of(spec).outputShape()).isEqualTo(Shape.of(4 * 4 * 4, 7));
    }
}
