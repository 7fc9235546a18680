package io.nas4j.core.network;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvBlocksTest {

    private final NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 16, 16));
    private final ConvBlocks blocks = ConvBlocks.on(builder, 2);

    @Test
    void aUnitNamesItsNodesUnderItsName() {
        String last = blocks.convBnRelu("stem", NetworkSpec.INPUT, 8, 3, 2);

        NetworkSpec spec = builder.build(last, Loss.SOFTMAX_CROSS_ENTROPY);
        assertThat(spec.nodes()).extracting(Node::id).containsExactly("stem_conv", "stem_bn", "stem_relu");
        assertThat(spec.nodes()).extracting(Node::op).containsExactly(
                new Op.Conv(2, 8, 3, 2, 1, 1, false), new Op.BatchNorm(), Op.Activation.relu());
        assertThat(last).isEqualTo("stem_relu");
    }

    @Test
    void aLayerIsItsNameFollowedByBatchNormAndRelu() {
        String depthwise = blocks.depthwise("dw", NetworkSpec.INPUT, 5, 1);
        String projected = blocks.projection("proj", depthwise, 16, 2);

        NetworkSpec spec = builder.build(projected, Loss.SOFTMAX_CROSS_ENTROPY);
        assertThat(spec.nodes()).extracting(Node::id).containsExactly("dw", "dw_bn", "dw_relu", "proj", "proj_bn");
        assertThat(spec.node("dw").op()).isEqualTo(new Op.DepthwiseConv(2, 5, 1, 1, false));
        assertThat(spec.node("proj").op()).isEqualTo(new Op.Conv(2, 16, 1, 2, 1, 1, false));
    }

    @Test
    void aSeparableConvolutionIsADepthwiseLayerThenAPointwiseUnit() {
        String last = blocks.separable("layer0", NetworkSpec.INPUT, 32, 3, 2);

        NetworkSpec spec = builder.build(last, Loss.SOFTMAX_CROSS_ENTROPY);
        assertThat(spec.nodes()).extracting(Node::id).containsExactly(
                "layer0_depthwise", "layer0_depthwise_bn", "layer0_depthwise_relu",
                "layer0_pointwise_conv", "layer0_pointwise_bn", "layer0_pointwise_relu");
    }

    @Test
    void volumesGetThreeDimensionalOps() {
        NetworkSpec.Builder volume = NetworkSpec.builder(Shape.of(1, 8, 8, 8));
        ConvBlocks threeD = ConvBlocks.on(volume, 3);
        String pooled = threeD.pool("pool", NetworkSpec.INPUT, Op.PoolKind.MAX, 2, 2);
        String last = threeD.convBnRelu("dilated", pooled, 4, 3, 1, 2);

        NetworkSpec spec = volume.build(last, Loss.SOFTMAX_CROSS_ENTROPY);
        assertThat(spec.node("pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.MAX, 3, 2, 2));
        assertThat(spec.node("dilated_conv").op()).isEqualTo(new Op.Conv(3, 4, 3, 1, 2, 1, false));
        assertThat(spec.node("dilated_conv").inputs()).isEqualTo(List.of("pool"));
    }

    @Test
    void onlyImagesAndVolumesAreAllowed() {
        assertThatThrownBy(() -> ConvBlocks.on(builder, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spatialDims must be 2 (images) or 3 (volumes)");
    }
}
