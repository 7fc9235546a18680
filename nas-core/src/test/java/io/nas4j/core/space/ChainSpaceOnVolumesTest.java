package io.nas4j.core.space;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain space is dimension-aware: on a volume every op and connection is built in 3D. */
class ChainSpaceOnVolumesTest {

    private static final ClassificationHead PATCHES = new ClassificationHead(Shape.of(1, 12, 12, 12), 6);

    @Test
    void volumesGetTheVolumeOptions() {
        ChainSpace space = ChainSpace.forInput(Shape.of(1, 12, 12, 12));

        assertThat(space.options()).isEqualTo(ChainSpace.Options.forVolumes());
        assertThat(space.options().ops()).doesNotContain("conv_7x7", "depthwise_conv_5x5");
        assertThat(space.options().maxLayers()).isEqualTo(5);
        assertThat(space.options().channels()).containsExactly(8, 16, 32);
    }

    @Test
    void everyOpAndConnectionBuildsItsThreeDimensionalForm() {
        ChainSpace space = ChainSpace.forInput(PATCHES.input());
        ChainGenome genome = space.parse("conv_3x3/skip/16/2 | depthwise_conv_3x3/dense/16/1 | max_pool_3x3/parallel/32/2"
                + " | identity/dense/8/2 | zero/series/8/1");

        NetworkSpec spec = space.decode(genome, PATCHES);
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);

        assertThat(analysis.valid()).as("%s", analysis.invalidReason()).isTrue();
        for (Node node : spec.nodes()) {
            if (node.op() instanceof Op.Conv conv) {
                assertThat(conv.spatialDims()).as(node.id()).isEqualTo(3);
            } else if (node.op() instanceof Op.DepthwiseConv depthwise) {
                assertThat(depthwise.spatialDims()).as(node.id()).isEqualTo(3);
            } else if (node.op() instanceof Op.Pool pool) {
                assertThat(pool.spatialDims()).as(node.id()).isEqualTo(3);
            }
        }
        assertThat(analysis.shapes().get("layer0_add")).isEqualTo(Shape.of(16, 6, 6, 6));
        assertThat(analysis.shapes().get("layer1_concat")).isEqualTo(Shape.of(32, 6, 6, 6));
        assertThat(analysis.shapes().get("layer2_add")).isEqualTo(Shape.of(32, 3, 3, 3));
        assertThat(analysis.shapes().get("layer3_concat")).isEqualTo(Shape.of(40, 2, 2, 2));
        // the 3x3x3 first convolution: 27 weights per input and output channel
        assertThat(spec.node("layer0_conv").op()).isEqualTo(new Op.Conv(3, 16, 3, 2, 1, 1, false));
    }

    @Test
    void sampledChainsOnPatchesAreValidOrInvalidWithAReason() {
        ChainSpace space = ChainSpace.forInput(PATCHES.input());
        SplittableRandom random = new SplittableRandom(29);
        int valid = 0;
        for (int draw = 0; draw < 300; draw++) {
            ChainGenome genome = space.sample(random);
            NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(genome, PATCHES));
            if (analysis.valid()) {
                valid++;
                assertThat(analysis.outputShape()).isEqualTo(Shape.of(6));
            } else {
                assertThat(analysis.invalidReason()).get().asString().contains("stride");
            }
        }
        assertThat(valid).isGreaterThan(250);
    }
}
