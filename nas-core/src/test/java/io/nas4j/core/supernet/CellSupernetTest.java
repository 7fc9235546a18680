package io.nas4j.core.supernet;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellSupernetTest {

    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 8, 8), 10);

    @Test
    void everySubnetIsTheNetworkTheCellSpaceDecodesFromTheSameGenome() {
        SupernetSpec supernet = CellSupernet.of(HEAD, 8, 2);
        CellSpace space = new CellSpace(8, 2);
        SplittableRandom random = new SplittableRandom(3);
        for (int draw = 0; draw < 25; draw++) {
            int[] path = supernet.samplePath(random);
            CellGenome genome = CellSupernet.genome(path);
            NetworkAnalysis subnet = NetworkAnalysis.of(supernet.discrete(path));
            NetworkAnalysis decoded = NetworkAnalysis.of(space.decode(genome, HEAD));

            assertThat(subnet.valid()).isTrue();
            assertThat(subnet.parameters()).as(space.format(genome)).isEqualTo(decoded.parameters());
            assertThat(subnet.macs()).isEqualTo(decoded.macs());
            assertThat(subnet.buffers()).isEqualTo(decoded.buffers());
            assertThat(CellSupernet.path(genome)).containsExactly(path);
        }
    }

    @Test
    void sharesTheSixEdgeDecisionsAcrossEveryCell() {
        SupernetSpec supernet = CellSupernet.of(HEAD, 8, 2);

        assertThat(supernet.points()).hasSize(6);
        // three stages of two cells, six edges each
        assertThat(supernet.choiceNodes()).hasSize(36);
        assertThat(supernet.points().get(0).options()).containsExactly("none", "skip_connect", "nor_conv_1x1",
                "nor_conv_3x3", "avg_pool_3x3");
    }

    @Test
    void everyCandidateOfAChoiceNodeHasItsShape() {
        SupernetSpec supernet = CellSupernet.of(HEAD, 8, 1);

        assertThat(supernet.shapes().get("stage1_cell0_edge3")).isEqualTo(Shape.of(16, 4, 4));
        assertThat(supernet.shapes().get(supernet.output())).isEqualTo(Shape.of(10));
    }

    @Test
    void describesAndChecksPaths() {
        SupernetSpec supernet = CellSupernet.of(HEAD, 8, 1);

        assertThat(supernet.describe(new int[] {3, 1, 0, 2, 4, 3}))
                .startsWith("edge0->1=nor_conv_3x3 edge0->2=skip_connect edge1->2=none");
        assertThatThrownBy(() -> supernet.discrete(new int[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 choice points");
        assertThatThrownBy(() -> supernet.discrete(new int[] {0, 0, 0, 0, 0, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidates 0 to 4");
    }
}
