package io.nas4j.core.space;

import io.nas4j.core.genome.DetectorGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectorHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorSpaceTest {

    private static final Shape CANVAS = Shape.of(1, 48, 48);
    private static final DetectorSpace SPACE = DetectorSpace.forInput(CANVAS);
    private static final DetectorHead HEAD = DetectorHead.of(CANVAS, 10);

    @Test
    void aSpaceFor48PixelsHasAStridedStemAndTwoOrThreeStagesOfStrideTwo() {
        DetectorSpace.Options options = SPACE.options();

        // 48 / 2 = 24 -> 12 -> 6 -> 3
        assertThat(options.stemStride()).isEqualTo(2);
        assertThat(options.stageCounts()).containsExactly(2, 3);
        assertThat(options.levels()).containsExactly(1, 2);
        // 2 stage counts * (4 ops * 3 channels * 2 depths)^3 * 2 levels * 2 pyramids * 4 scales * 3 ratios
        assertThat(SPACE.size()).isEqualTo(BigInteger.valueOf(2L * 24 * 24 * 24 * 2 * 2 * 4 * 3));
    }

    @Test
    void theStemStridesFrom48PixelsAndLargerImagesGetMoreStages() {
        assertThat(DetectorSpace.Options.forInput(Shape.of(3, 32, 32)).stemStride()).isEqualTo(1);
        assertThat(DetectorSpace.Options.forInput(Shape.of(3, 32, 32)).stageCounts()).containsExactly(2, 3);
        assertThat(DetectorSpace.Options.forInput(Shape.of(3, 96, 96)).stemStride()).isEqualTo(2);
        assertThat(DetectorSpace.Options.forInput(Shape.of(3, 96, 96)).stageCounts()).containsExactly(3, 4);
        assertThat(DetectorSpace.Options.forInput(Shape.of(3, 96, 96)).levels()).containsExactly(1, 2, 3);
    }

    @Test
    void everySampledGenomeReadsBackFromItsTextAndDecodesToAValidDetector() {
        SplittableRandom random = new SplittableRandom(3);
        for (int draw = 0; draw < 200; draw++) {
            DetectorGenome genome = SPACE.sample(random);

            assertThat(SPACE.parse(SPACE.format(genome))).isEqualTo(genome);
            assertThat(SPACE.at(SPACE.indexOf(genome))).isEqualTo(genome);
            NetworkSpec spec = SPACE.decode(genome, HEAD);
            NetworkAnalysis analysis = NetworkAnalysis.of(spec);
            assertThat(analysis.valid()).as(SPACE.format(genome) + ": " + analysis.invalidReason()).isTrue();
            Op.DetectionOutput output = (Op.DetectionOutput) spec.node(spec.output()).op();
            assertThat(output.levels()).hasSize(genome.levels());
        }
    }

    @Test
    void twoStagesWithTwoLevelsHeadStrides4And8() {
        DetectorGenome genome = SPACE.parse("conv_3x3/16x1, depthwise_conv_3x3/32x2, [conv_5x5/64x2]"
                + " | levels 2 | feature_pyramid | scales 2,3 | ratios 1,2");
        NetworkSpec spec = SPACE.decode(genome, HEAD);

        Op.DetectionOutput output = (Op.DetectionOutput) spec.node(spec.output()).op();
        assertThat(output.levels().get(0).sizes()).containsExactly(8.0, 12.0);
        assertThat(output.levels().get(1).sizes()).containsExactly(16.0, 24.0);
        // 12*12 and 6*6 positions, 4 anchors each
        assertThat(DetectionLayout.of(spec).anchors()).isEqualTo((144 + 36) * 4);
        assertThat(spec.nodes()).anyMatch(node -> node.op() instanceof Op.MultiScaleFusion);
    }

    @Test
    void unusedStageSlotsDoNotChangeTheKey() {
        DetectorGenome first = SPACE.parse("conv_3x3/16x1, conv_3x3/16x1, [conv_5x5/64x2]"
                + " | levels 1 | none | scales 2 | ratios 1");
        DetectorGenome second = SPACE.parse("conv_3x3/16x1, conv_3x3/16x1, [conv_3x3/32x1]"
                + " | levels 1 | none | scales 2 | ratios 1");

        assertThat(first).isNotEqualTo(second);
        assertThat(SPACE.key(first)).isEqualTo(SPACE.key(second))
                .isEqualTo("conv_3x3/16x1, conv_3x3/16x1, - | levels 1 | none | scales 2 | ratios 1");
        assertThat(SPACE.decode(first, HEAD)).isEqualTo(SPACE.decode(second, HEAD));
    }

    @Test
    void anotherTaskHeadIsAttachedToTheCoarsestLevel() {
        DetectorGenome genome = SPACE.at(BigInteger.ZERO);

        NetworkAnalysis analysis = NetworkAnalysis.of(SPACE.decode(genome, new ClassificationHead(CANVAS, 10)));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(10));
    }

    @Test
    void malformedTextIsRejectedWithTheReason() {
        assertThatThrownBy(() -> SPACE.parse("conv_3x3/16x1 | levels 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 parts");
        assertThatThrownBy(() -> SPACE.parse("conv_3x3/16x1, conv_3x3/16x1, [conv_3x3/16x1]"
                + " | levels 1 | none | scales 7 | ratios 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anchors.scales [7.0] is not in this space");
    }
}
