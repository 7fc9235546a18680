package io.nas4j.core.space;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MacroBlocksTest {

    private static final ClassificationHead CIFAR = new ClassificationHead(Shape.of(3, 32, 32), 10);

    private static MacroGenome genome(String digits) {
        List<Integer> choices = new ArrayList<>();
        for (char digit : digits.toCharArray()) {
            choices.add(digit - '0');
        }
        return new MacroGenome(choices);
    }

    @Test
    void everyGenomeHasOneDepthwiseConvolutionPerBlockChoice() {
        for (int index = 0; index < 6561; index++) {
            List<Integer> choices = new ArrayList<>();
            for (int layer = 0, rest = index; layer < 8; layer++, rest /= 3) {
                choices.add(rest % 3);
            }
            NetworkSpec spec = MacroBlocks.decode(new MacroGenome(choices), CIFAR);
            long blocks = choices.stream().filter(choice -> choice != 0).count();
            long depthwise = spec.nodes().stream().filter(node -> node.op() instanceof Op.DepthwiseConv).count();
            assertThat(depthwise).isEqualTo(blocks);
        }
    }

    @Test
    void stagesStartWithAStridedLayerThatDoublesTheChannels() {
        NetworkSpec spec = MacroBlocks.decode(genome("11111111"), CIFAR);
        assertThat(spec.node("stem_conv").op()).isEqualTo(Op.Conv.of2d(32, 3, 1));
        int[] strides = {2, 1, 2, 1, 1, 2, 1, 1};
        int[] channels = {64, 64, 128, 128, 128, 256, 256, 256};
        for (int layer = 0; layer < 8; layer++) {
            assertThat(((Op.DepthwiseConv) spec.node("layer" + layer + "_depthwise").op()).stride())
                    .as("layer %d stride", layer).isEqualTo(strides[layer]);
            assertThat(spec.node("layer" + layer + "_project").op()).isEqualTo(Op.Conv.of2d(channels[layer], 1, 1));
        }
        assertThat(spec.node("final_conv").op()).isEqualTo(Op.Conv.of2d(1280, 1, 1));
        assertThat(spec.node("head_pool").inputs()).containsExactly("final_relu");
    }

    @Test
    void invertedResidualsExpandAndAddTheInputOnlyWhenTheShapeIsKept() {
        NetworkSpec spec = MacroBlocks.decode(genome("12000000"), CIFAR);
        assertThat(spec.node("layer0_expand").op()).isEqualTo(Op.Conv.of2d(32 * 3, 1, 1));
        assertThat(spec.node("layer0_depthwise").op()).isEqualTo(new Op.DepthwiseConv(2, 3, 2, 1, false));
        assertThat(spec.nodesById()).doesNotContainKey("layer0_add");
        assertThat(spec.node("layer1_expand").op()).isEqualTo(Op.Conv.of2d(64 * 6, 1, 1));
        assertThat(spec.node("layer1_depthwise").op()).isEqualTo(new Op.DepthwiseConv(2, 5, 1, 1, false));
        assertThat(spec.node("layer1_add").inputs()).containsExactly("layer1_project_bn", "layer0_project_bn");
    }

    @Test
    void identityProjectsAtStridedLayersAndPassesThroughElsewhere() {
        NetworkSpec spec = MacroBlocks.decode(genome("00000000"), CIFAR);
        assertThat(spec.node("layer0_projection").op()).isEqualTo(Op.Conv.of2d(64, 1, 2));
        assertThat(spec.node("layer1_identity").op()).isEqualTo(new Op.Identity());
        assertThat(spec.node("layer2_projection").op()).isEqualTo(Op.Conv.of2d(128, 1, 2));
        assertThat(spec.node("layer5_projection").op()).isEqualTo(Op.Conv.of2d(256, 1, 2));
        assertThat(spec.node("layer7_identity").inputs()).containsExactly("layer6_identity");
    }

    @Test
    void aSmallerLayoutChangesTheWidths() {
        MacroBlocks.Layout layout = new MacroBlocks.Layout(8, List.of(1, 1), 64);
        NetworkSpec spec = MacroBlocks.decode(genome("20"), new ClassificationHead(Shape.of(1, 8, 8), 10), layout);
        assertThat(spec.node("layer0_project").op()).isEqualTo(Op.Conv.of2d(16, 1, 1));
        assertThat(spec.node("layer1_projection").op()).isEqualTo(Op.Conv.of2d(32, 1, 2));
        assertThat(spec.node("final_conv").op()).isEqualTo(Op.Conv.of2d(64, 1, 1));
    }

    @Test
    void genomesThatDoNotFitTheLayoutAreRejected() {
        assertThatThrownBy(() -> MacroBlocks.decode(genome("1111"), CIFAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 layers");
        assertThatThrownBy(() -> MacroBlocks.decode(genome("11131111"), CIFAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 3")
                .hasMessageContaining("mb6_k5");
    }
}
