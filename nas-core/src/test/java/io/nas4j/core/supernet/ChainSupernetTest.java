package io.nas4j.core.supernet;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainSupernetTest {

    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 8, 8), 10);

    @Test
    void everySubnetIsTheNetworkTheChainSpaceDecodesFromItsGenome() {
        ChainSupernet chain = new ChainSupernet(ChainSupernet.DEFAULT_OPS, List.of(16, 32), 2);
        SupernetSpec supernet = chain.supernet(HEAD);
        SplittableRandom random = new SplittableRandom(11);
        for (int draw = 0; draw < 25; draw++) {
            int[] path = supernet.samplePath(random);
            ChainGenome genome = chain.genome(path);
            NetworkAnalysis subnet = NetworkAnalysis.of(supernet.discrete(path));
            NetworkAnalysis decoded = NetworkAnalysis.of(chain.space().decode(genome, HEAD));

            assertThat(subnet.valid()).isTrue();
            assertThat(subnet.parameters()).as(chain.space().format(genome)).isEqualTo(decoded.parameters());
            assertThat(subnet.macs()).isEqualTo(decoded.macs());
            assertThat(genome.depth()).isEqualTo(6);
        }
    }

    @Test
    void hasOneChoicePointPerSearchedLayer() {
        SupernetSpec supernet = new ChainSupernet(ChainSupernet.DEFAULT_OPS, List.of(16, 32), 2).supernet(HEAD);

        assertThat(supernet.points()).hasSize(4);
        assertThat(supernet.points().get(0).options()).isEqualTo(ChainSupernet.DEFAULT_OPS);
        assertThat(supernet.shapes().get("layer4")).isEqualTo(Shape.of(32, 4, 4));
    }

    @Test
    void refusesZeroWhichWouldCutTheChain() {
        assertThatThrownBy(() -> new ChainSupernet(List.of("conv_3x3", "zero"), List.of(16), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
    }
}
