package io.nas4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shapes, parameters and multiply-accumulates of single layers, against hand-computed values. */
class LayerCountingTest {

    private static NetworkAnalysis single(Shape input, Op op) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String id = builder.add("layer", op, NetworkSpec.INPUT);
        return NetworkAnalysis.of(builder.build(id, Loss.MEAN_SQUARED_ERROR));
    }

    @Test
    void conv2dWithoutBiasCountsKernelTimesInputTimesOutputChannels() {
        NetworkAnalysis analysis = single(Shape.of(3, 32, 32), Op.Conv.of2d(16, 3, 1));

        assertThat(analysis.valid()).isTrue();
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 32, 32));
        // 3*3 * 3 * 16
        assertThat(analysis.parameters()).isEqualTo(432);
        // 32*32 positions * 16 outputs * 27 weights each
        assertThat(analysis.macs()).isEqualTo(442_368);
        assertThat(analysis.buffers()).isZero();
    }

    @Test
    void conv2dBiasAddsOneParameterPerOutputChannel() {
        NetworkAnalysis analysis = single(Shape.of(3, 32, 32), new Op.Conv(2, 16, 3, 1, 1, 1, true));

        assertThat(analysis.parameters()).isEqualTo(432 + 16);
        assertThat(analysis.macs()).isEqualTo(442_368);
    }

    @Test
    void strideTwoConvHalvesEachSpatialExtentAndItsMacs() {
        NetworkAnalysis analysis = single(Shape.of(3, 32, 32), Op.Conv.of2d(16, 3, 2));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 16, 16));
        assertThat(analysis.parameters()).isEqualTo(432);
        // 16*16 * 16 * 27
        assertThat(analysis.macs()).isEqualTo(110_592);
    }

    @Test
    void strideRoundsOddExtentsUp() {
        NetworkAnalysis analysis = single(Shape.of(3, 7, 5), Op.Conv.of2d(4, 3, 2));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(4, 4, 3));
    }

    @Test
    void kernelLargerThanTheMapIsAllowedWithSamePadding() {
        NetworkAnalysis analysis = single(Shape.of(8, 2, 2), Op.Conv.of2d(8, 5, 1));

        assertThat(analysis.valid()).isTrue();
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(8, 2, 2));
    }

    @Test
    void dilationChangesNeitherShapeNorCounts() {
        NetworkAnalysis analysis = single(Shape.of(3, 32, 32), new Op.Conv(2, 16, 3, 1, 2, 1, false));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 32, 32));
        assertThat(analysis.parameters()).isEqualTo(432);
        assertThat(analysis.macs()).isEqualTo(442_368);
    }

    @Test
    void groupedConvSeesOnlyItsGroupsInputChannels() {
        NetworkAnalysis analysis = single(Shape.of(16, 8, 8), new Op.Conv(2, 32, 3, 1, 1, 4, false));

        // 3*3 * (16/4) * 32
        assertThat(analysis.parameters()).isEqualTo(1_152);
        // 8*8 * 32 * 36
        assertThat(analysis.macs()).isEqualTo(73_728);
    }

    @Test
    void conv3dCountsACubicKernel() {
        NetworkAnalysis analysis = single(Shape.of(1, 16, 16, 16), Op.Conv.of3d(8, 3, 1));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(8, 16, 16, 16));
        // 3*3*3 * 1 * 8
        assertThat(analysis.parameters()).isEqualTo(216);
        // 16^3 positions * 8 * 27
        assertThat(analysis.macs()).isEqualTo(884_736);
    }

    @Test
    void strideTwoConv3dHalvesDepthHeightAndWidth() {
        NetworkAnalysis analysis = single(Shape.of(1, 16, 16, 16), Op.Conv.of3d(8, 3, 2));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(8, 8, 8, 8));
        // 8^3 * 8 * 27
        assertThat(analysis.macs()).isEqualTo(110_592);
    }

    @Test
    void depthwiseConvHasOneFilterPerChannel() {
        NetworkAnalysis analysis = single(Shape.of(32, 16, 16), new Op.DepthwiseConv(2, 3, 1, 1, false));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(32, 16, 16));
        // 3*3 * 32
        assertThat(analysis.parameters()).isEqualTo(288);
        // 16*16 * 32 * 9
        assertThat(analysis.macs()).isEqualTo(73_728);
    }

    @Test
    void depthwiseMultiplierAndBiasScaleOutputChannels() {
        NetworkAnalysis analysis = single(Shape.of(32, 16, 16), new Op.DepthwiseConv(2, 3, 2, 2, true));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(64, 8, 8));
        // 3*3 * 32*2 + 64 bias
        assertThat(analysis.parameters()).isEqualTo(640);
        // 8*8 * 64 * 9
        assertThat(analysis.macs()).isEqualTo(36_864);
    }

    @Test
    void batchNormHasTwoParametersAndTwoBuffersPerChannel() {
        NetworkAnalysis analysis = single(Shape.of(16, 8, 8), new Op.BatchNorm());

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 8, 8));
        assertThat(analysis.parameters()).isEqualTo(32);
        assertThat(analysis.buffers()).isEqualTo(32);
        assertThat(analysis.macs()).isZero();
    }

    @Test
    void linearWithBiasCountsWeightsAndBias() {
        NetworkAnalysis analysis = single(Shape.of(64), new Op.Linear(10, true));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(10));
        assertThat(analysis.parameters()).isEqualTo(650);
        assertThat(analysis.macs()).isEqualTo(640);
    }

    @Test
    void poolingKeepsChannelsAndCostsNothing() {
        NetworkAnalysis analysis = single(Shape.of(16, 9, 9), new Op.Pool(Op.PoolKind.MAX, 2, 3, 2));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 5, 5));
        assertThat(analysis.parameters()).isZero();
        assertThat(analysis.macs()).isZero();
    }

    @Test
    void globalPoolReducesAFeatureMapToItsChannels() {
        NetworkAnalysis analysis = single(Shape.of(16, 4, 4, 4), new Op.GlobalPool(Op.PoolKind.AVG));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16));
    }

    @Test
    void flattenKeepsEveryElement() {
        NetworkAnalysis analysis = single(Shape.of(16, 4, 4), new Op.Flatten());

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(256));
    }

    @Test
    void upsampleMultipliesEverySpatialExtent() {
        NetworkAnalysis analysis = single(Shape.of(8, 4, 5), new Op.Upsample(2));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(8, 8, 10));
    }

    @Test
    void strideTwoZeroHalvesTheMap() {
        NetworkAnalysis analysis = single(Shape.of(8, 8, 8), new Op.Zero(2));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(8, 4, 4));
        assertThat(analysis.parameters()).isZero();
    }

    @Test
    void attentionGateCountsItsThreeProjectionsAndTheMultiply() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(16, 8, 8));
        String gating = builder.add("gating", Op.Conv.of2d(32, 1, 1), NetworkSpec.INPUT);
        String gate = builder.add("gate", new Op.AttentionGate(8), NetworkSpec.INPUT, gating);
        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(gate, Loss.MEAN_SQUARED_ERROR));
        long gatingParameters = 16 * 32;
        long gatingMacs = 64 * 32 * 16;

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 8, 8));
        // x: 16*8 + 8, g: 32*8 + 8, psi: 8*1 + 1
        assertThat(analysis.parameters() - gatingParameters).isEqualTo(136 + 264 + 9);
        // at 8*8 = 64 positions: 16*8 + 32*8 + 8*1 projections, then 16 multiplies
        assertThat(analysis.macs() - gatingMacs).isEqualTo(64 * (128 + 256 + 8 + 16));
    }

    @Test
    void multiScaleFusionProjectsEachInputAtItsOwnResolution() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 16, 16));
        String middle = builder.add("middle", Op.Conv.of2d(32, 1, 2), NetworkSpec.INPUT);
        String coarse = builder.add("coarse", Op.Conv.of2d(64, 1, 2), middle);
        String fused = builder.add("fused", new Op.MultiScaleFusion(16), NetworkSpec.INPUT, middle, coarse);
        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(fused, Loss.MEAN_SQUARED_ERROR));
        // middle: 8*32 weights at 8*8, coarse: 32*64 weights at 4*4
        long branchParameters = 256 + 2_048;
        long branchMacs = 64 * 256 + 16 * 2_048;

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 16, 16));
        // (8*16 + 16) + (32*16 + 16) + (64*16 + 16)
        assertThat(analysis.parameters() - branchParameters).isEqualTo(144 + 528 + 1_040);
        // 8*16 at 16*16, 32*16 at 8*8, 64*16 at 4*4
        assertThat(analysis.macs() - branchMacs).isEqualTo(32_768 + 32_768 + 16_384);
    }

    @Test
    void detectionHeadIsA3x3ConvToAnchorsTimesFivePlusClasses() {
        NetworkAnalysis analysis = single(Shape.of(64, 13, 13), new Op.DetectionHead(20, 3));

        // 3 * (5 + 20) = 75 channels
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(75, 13, 13));
        // 3*3 * 64 * 75 + 75
        assertThat(analysis.parameters()).isEqualTo(43_275);
        // 13*13 * 75 * 576
        assertThat(analysis.macs()).isEqualTo(7_300_800);
    }

    @Test
    void detectionHeadOnAVolumeUsesA3x3x3Kernel() {
        NetworkAnalysis analysis = single(Shape.of(8, 4, 4, 4), new Op.DetectionHead(1, 2));

        // 2 * (5 + 1) = 12 channels
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(12, 4, 4, 4));
        // 27 * 8 * 12 + 12
        assertThat(analysis.parameters()).isEqualTo(2_604);
        // 64 positions * 12 * 216
        assertThat(analysis.macs()).isEqualTo(165_888);
    }

    @Test
    void concatSumsChannels() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 4, 4));
        String wide = builder.add("wide", Op.Conv.of2d(24, 1, 1), NetworkSpec.INPUT);
        String joined = builder.add("joined", new Op.Concat(), NetworkSpec.INPUT, wide, NetworkSpec.INPUT);

        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(joined, Loss.MEAN_SQUARED_ERROR));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(40, 4, 4));
    }
}
