package io.nas4j.core.network;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Shapes, parameters and multiply-adds of the 3D ops the volumetric space builds, against hand-computed values. */
class VolumetricLayerCountingTest {

    private static NetworkAnalysis single(Shape input, Op op) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String id = builder.add("layer", op, NetworkSpec.INPUT);
        return NetworkAnalysis.of(builder.build(id, Loss.MEAN_SQUARED_ERROR));
    }

    @Test
    void conv5x5x5CountsACubicKernelOfOneHundredTwentyFiveWeights() {
        NetworkAnalysis analysis = single(Shape.of(8, 12, 12, 12), Op.Conv.of3d(16, 5, 1));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 12, 12, 12));
        assertThat(analysis.parameters()).isEqualTo(125L * 8 * 16);
        assertThat(analysis.macs()).isEqualTo(1_728L * 16 * 125 * 8);
    }

    @Test
    void depthwiseConv3dHasOneCubicFilterPerChannel() {
        NetworkAnalysis analysis = single(Shape.of(16, 12, 12, 12), new Op.DepthwiseConv(3, 3, 2, 1, false));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 6, 6, 6));
        assertThat(analysis.parameters()).isEqualTo(27L * 16);
        assertThat(analysis.macs()).isEqualTo(216L * 16 * 27);
    }

    @Test
    void pooling3dDividesEveryExtentAndCostsNothing() {
        NetworkAnalysis max = single(Shape.of(16, 7, 12, 5), new Op.Pool(Op.PoolKind.MAX, 3, 3, 2));
        NetworkAnalysis average = single(Shape.of(16, 12, 12, 12), new Op.Pool(Op.PoolKind.AVG, 3, 2, 2));

        assertThat(max.outputShape()).isEqualTo(Shape.of(16, 4, 6, 3));
        assertThat(average.outputShape()).isEqualTo(Shape.of(16, 6, 6, 6));
        assertThat(max.parameters() + max.macs() + average.parameters() + average.macs()).isZero();
    }

    @Test
    void aTwoDimensionalPoolOnAVolumeIsInvalidNamingTheLayout() {
        NetworkAnalysis analysis = single(Shape.of(16, 8, 8, 8), new Op.Pool(Op.PoolKind.MAX, 2, 3, 1));

        assertThat(analysis.valid()).isFalse();
        assertThat(analysis.invalidReason()).get().asString().contains("expects a [C, H, W] input");
    }

    @Test
    void attentionGateOnAVolumeCountsItsProjectionsAtEveryVoxel() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 6, 6, 6));
        String gating = builder.add("gating", Op.Conv.of3d(16, 1, 1), NetworkSpec.INPUT);
        String gate = builder.add("gate", new Op.AttentionGate(4), NetworkSpec.INPUT, gating);
        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(gate, Loss.MEAN_SQUARED_ERROR));

        assertThat(analysis.outputShape()).isEqualTo(Shape.of(8, 6, 6, 6));
        // gating conv 8*16; x: 8*4 + 4, g: 16*4 + 4, psi: 4 + 1
        assertThat(analysis.parameters()).isEqualTo(128 + 36 + 68 + 5);
        // 216 voxels: gating 8*16, then 8*4 + 16*4 + 4 projections and 8 multiplies
        assertThat(analysis.macs()).isEqualTo(216L * 128 + 216L * (32 + 64 + 4 + 8));
    }

    @Test
    void multiScaleFusionOnVolumesProjectsTheCoarseInputAtItsOwnResolution() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 6, 6, 6));
        String coarse = builder.add("coarse", new Op.Pool(Op.PoolKind.AVG, 3, 2, 2), NetworkSpec.INPUT);
        String fused = builder.add("fused", new Op.MultiScaleFusion(16), NetworkSpec.INPUT, coarse);
        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(fused, Loss.MEAN_SQUARED_ERROR));

        assertThat(analysis.shapes().get("coarse")).isEqualTo(Shape.of(8, 3, 3, 3));
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(16, 6, 6, 6));
        assertThat(analysis.parameters()).isEqualTo(2L * (8 * 16 + 16));
        assertThat(analysis.macs()).isEqualTo(216L * 128 + 27L * 128);
    }

    @Test
    void fusionOfExtentsThatAreNoIntegerFactorIsInvalid() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(8, 3, 3, 3));
        String coarse = builder.add("coarse", new Op.Pool(Op.PoolKind.AVG, 3, 2, 2), NetworkSpec.INPUT);
        String fused = builder.add("fused", new Op.MultiScaleFusion(16), NetworkSpec.INPUT, coarse);
        NetworkAnalysis analysis = NetworkAnalysis.of(builder.build(fused, Loss.MEAN_SQUARED_ERROR));

        assertThat(analysis.valid()).isFalse();
        assertThat(analysis.invalidReason()).get().asString().contains("not an integer factor");
    }
}
