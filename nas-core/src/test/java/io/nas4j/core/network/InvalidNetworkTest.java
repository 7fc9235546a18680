package io.nas4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Networks whose shapes do not fit are reported with the failing node, never thrown. */
class InvalidNetworkTest {

    private static NetworkAnalysis analyse(NetworkSpec.Builder builder, String output) {
        return NetworkAnalysis.of(builder.build(output, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void strideTwoBeyondAOneByOneMapIsReportedAtTheOffendingConv() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 8, 8));
        String last = NetworkSpec.INPUT;
        for (int i = 1; i <= 4; i++) { // 8 -> 4 -> 2 -> 1 -> below 1
            last = builder.add("conv_" + i, Op.Conv.of2d(8, 3, 2), last);
        }

        NetworkAnalysis analysis = analyse(builder, last);

        assertThat(analysis.valid()).isFalse();
        assertThat(analysis.invalidReason()).contains(
                "node conv_4 (conv2d): stride 2 on spatial size 1x1 would shrink it below 1");
    }

    @Test
    void strideTwoDownToOneByOneIsStillValid() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 8, 8));
        String last = NetworkSpec.INPUT;
        for (int i = 1; i <= 3; i++) {
            last = builder.add("conv_" + i, Op.Conv.of2d(8, 3, 2), last);
        }

        assertThat(analyse(builder, last).outputShape()).isEqualTo(Shape.of(8, 1, 1));
    }

    @Test
    void strideLargerThanAnExtentIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 2, 8));
        String pool = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 3, 3), NetworkSpec.INPUT);

        assertThat(analyse(builder, pool).invalidReason())
                .contains("node pool (max_pool2d): stride 3 on spatial size 2x8 would shrink it below 1");
    }

    @Test
    void addOfMismatchedShapesNamesBothShapes() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(16, 8, 8));
        String wide = builder.add("wide", Op.Conv.of2d(32, 3, 1), NetworkSpec.INPUT);
        String add = builder.add("add_3", new Op.Add(), NetworkSpec.INPUT, wide);

        assertThat(analyse(builder, add).invalidReason())
                .contains("node add_3 (add): inputs differ in shape: [16, 8, 8] vs [32, 8, 8]");
    }

    @Test
    void linearOnAFeatureMapIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(16, 8, 8));
        String linear = builder.add("classifier", new Op.Linear(10, true), NetworkSpec.INPUT);

        assertThat(analyse(builder, linear).invalidReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("node classifier (linear): expects a feature vector")
                .contains("[16, 8, 8]"));
    }

    @Test
    void conv2dOnAVolumeIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 8, 8, 8));
        String conv = builder.add("conv", Op.Conv.of2d(8, 3, 1), NetworkSpec.INPUT);

        assertThat(analyse(builder, conv).invalidReason())
                .contains("node conv (conv2d): expects a [C, H, W] input, got [1, 8, 8, 8]");
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(6, 8, 8));
        String conv = builder.add("grouped", new Op.Conv(2, 8, 3, 1, 1, 4, false), NetworkSpec.INPUT);

        assertThat(analyse(builder, conv).invalidReason())
                .contains("node grouped (conv2d): 4 groups do not divide 6 input and 8 output channels");
    }

    @Test
    void concatOfDifferentSpatialExtentsIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 8, 8));
        String down = builder.add("down", Op.Conv.of2d(8, 3, 2), NetworkSpec.INPUT);
        String concat = builder.add("cat", new Op.Concat(), NetworkSpec.INPUT, down);

        assertThat(analyse(builder, concat).invalidReason())
                .contains("node cat (concat): inputs differ in spatial extents: [8, 8, 8] vs [8, 4, 4]");
    }

    @Test
    void unaryOpWithTwoInputsIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 8, 8));
        String relu = builder.add("relu", Op.Activation.relu(), NetworkSpec.INPUT, NetworkSpec.INPUT);

        assertThat(analyse(builder, relu).invalidReason())
                .contains("node relu (relu): takes exactly 1 input, got 2");
    }

    @Test
    void addOfASingleInputIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 8, 8));
        String add = builder.add("sum", new Op.Add(), NetworkSpec.INPUT);

        assertThat(analyse(builder, add).invalidReason())
                .contains("node sum (add): takes at least 2 inputs, got 1");
    }

    @Test
    void attentionGateWithMismatchedSpatialExtentsIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 8, 8));
        String coarse = builder.add("coarse", Op.Conv.of2d(16, 1, 2), NetworkSpec.INPUT);
        String gate = builder.add("gate", new Op.AttentionGate(4), NetworkSpec.INPUT, coarse);

        assertThat(analyse(builder, gate).invalidReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("node gate (attention_gate):")
                .contains("differ in spatial extents"));
    }

    @Test
    void multiScaleFusionWithANonIntegerRatioIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 6, 6));
        String half = builder.add("half", new Op.Pool(Op.PoolKind.AVG, 2, 2, 2), NetworkSpec.INPUT);
        String quarter = builder.add("quarter", new Op.Pool(Op.PoolKind.AVG, 2, 2, 2), half);
        // 3x3 against 2x2: neither divides the other
        String fused = builder.add("fused", new Op.MultiScaleFusion(8), half, quarter);

        assertThat(analyse(builder, fused).invalidReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("node fused (multi_scale_fusion):")
                .contains("not an integer factor"));
    }

    @Test
    void globalPoolOnAFeatureVectorIsReported() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(64));
        String pool = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), NetworkSpec.INPUT);

        assertThat(analyse(builder, pool).invalidReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("node pool (global_avg_pool): expects a feature map"));
    }

    @Test
    void invalidAnalysisHasNoShapesAndRefusesAnOutputShape() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(16, 8, 8));
        String linear = builder.add("classifier", new Op.Linear(10, true), NetworkSpec.INPUT);
        NetworkAnalysis analysis = analyse(builder, linear);

        assertThat(analysis.shapes()).isEmpty();
        assertThatThrownBy(analysis::outputShape)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node classifier");
    }

    @Test
    void aFailureAfterTheOutputNodeStillMakesTheNetworkInvalid() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(16, 8, 8));
        String conv = builder.add("conv", Op.Conv.of2d(8, 3, 1), NetworkSpec.INPUT);
        builder.add("dangling", new Op.Linear(10, true), conv);

        assertThat(analyse(builder, conv).valid()).isFalse();
    }
}
