package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Nb201SkeletonTest {

    private static final ClassificationHead CIFAR = new ClassificationHead(Shape.of(3, 32, 32), 10);

    /** stem 2 + two reduction blocks of 9 + final batch norm and ReLU 2 + head 2. */
    private static final int FIXED_NODES = 2 + 2 * 9 + 2 + 2;

    private static CellGenome uniform(String op) {
        return new CellGenome(Collections.nCopies(CellGenome.EDGES, op));
    }

    private static long count(NetworkSpec spec, Class<? extends Op> type) {
        return spec.nodes().stream().filter(node -> type.isInstance(node.op())).count();
    }

    @Test
    void aCellOfNoneEdgesBuildsOneZeroPerEdgeAndTwoAdds() {
        NetworkSpec spec = Nb201Skeleton.decode(uniform("none"), CIFAR);
        assertThat(spec.nodes()).hasSize(FIXED_NODES + 15 * (6 + 2));
        assertThat(count(spec, Op.Zero.class)).isEqualTo(15 * 6);
        assertThat(count(spec, Op.Add.class)).isEqualTo(15 * 2 + 2);
    }

    @Test
    void aCellOfConvolutionEdgesBuildsReluConvBatchNormPerEdge() {
        NetworkSpec spec = Nb201Skeleton.decode(uniform("nor_conv_3x3"), CIFAR);
        assertThat(spec.nodes()).hasSize(FIXED_NODES + 15 * (6 * 3 + 2));
        assertThat(count(spec, Op.Conv.class)).isEqualTo(1 + 2 * 3 + 15 * 6);
        assertThat(spec.node("stage0_cell0_edge5_conv").op()).isEqualTo(Op.Conv.of2d(16, 3, 1));
        assertThat(spec.node("stage2_cell4_edge0_conv").op()).isEqualTo(Op.Conv.of2d(64, 3, 1));
    }

    @Test
    void nodeThreeSumsItsThreeEdgesAndNodeTwoItsTwo() {
        NetworkSpec spec = Nb201Skeleton.decode(uniform("skip_connect"), CIFAR);
        assertThat(spec.node("stage0_cell0_node3").op()).isEqualTo(new Op.Add());
        assertThat(spec.node("stage0_cell0_node3").inputs())
                .containsExactly("stage0_cell0_edge3_identity", "stage0_cell0_edge4_identity",
                        "stage0_cell0_edge5_identity");
        assertThat(spec.node("stage0_cell0_node2").inputs())
                .containsExactly("stage0_cell0_edge1_identity", "stage0_cell0_edge2_identity");
        assertThat(spec.node("stage0_cell0_edge4_identity").inputs()).containsExactly("stage0_cell0_edge0_identity");
        assertThat(spec.node("stage0_cell1_edge0_identity").inputs()).containsExactly("stage0_cell0_node3");
    }

    @Test
    void edgesReadTheirSourceNodes() {
        CellGenome cell = new CellGenome(List.of("nor_conv_1x1", "avg_pool_3x3", "none", "skip_connect",
                "nor_conv_3x3", "avg_pool_3x3"));
        NetworkSpec spec = Nb201Skeleton.decode(cell, CIFAR, 16, 1);
        assertThat(spec.node("stage0_cell0_edge0_relu").inputs()).containsExactly("stem_bn");
        assertThat(spec.node("stage0_cell0_edge0_conv").op()).isEqualTo(Op.Conv.of2d(16, 1, 1));
        assertThat(spec.node("stage0_cell0_edge1_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.AVG, 2, 3, 1));
        assertThat(spec.node("stage0_cell0_edge2_zero").inputs()).containsExactly("stage0_cell0_edge0_bn");
        assertThat(spec.node("stage0_cell0_edge5_pool").inputs()).containsExactly("stage0_cell0_node2");
    }

    @Test
    void reductionBlocksDoubleTheChannelsWithAResidualShortcut() {
        NetworkSpec spec = Nb201Skeleton.decode(uniform("none"), CIFAR);
        assertThat(spec.node("reduction1_conv_a").op()).isEqualTo(Op.Conv.of2d(32, 3, 2));
        assertThat(spec.node("reduction1_conv_b").op()).isEqualTo(Op.Conv.of2d(32, 3, 1));
        assertThat(spec.node("reduction1_shortcut_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.AVG, 2, 2, 2));
        assertThat(spec.node("reduction1_shortcut_pool").inputs()).containsExactly("stage0_cell4_node3");
        assertThat(spec.node("reduction2_shortcut_conv").op()).isEqualTo(Op.Conv.of2d(64, 1, 1));
        assertThat(spec.node("reduction2_add").inputs()).containsExactly("reduction2_bn_b", "reduction2_shortcut_conv");
    }

    @Test
    void theStemAndTheFinishFrameTheStages() {
        NetworkSpec spec = Nb201Skeleton.decode(uniform("nor_conv_1x1"), CIFAR, 8, 2);
        assertThat(spec.node("stem_conv").op()).isEqualTo(Op.Conv.of2d(8, 3, 1));
        assertThat(spec.node("stem_conv").inputs()).containsExactly(NetworkSpec.INPUT);
        assertThat(spec.node("final_bn").inputs()).containsExactly("stage2_cell1_node3");
        assertThat(spec.node("head_pool").inputs()).containsExactly("final_relu");
        assertThat(spec.output()).isEqualTo("head_logits");
    }

    @Test
    void oneCellPerStageSuitsSmallInputs() {
        ClassificationHead digits = new ClassificationHead(Shape.of(1, 8, 8), 10);
        NetworkSpec spec = Nb201Skeleton.decode(uniform("none"), digits, 16, 1);
        assertThat(spec.nodes()).hasSize(FIXED_NODES + 3 * (6 + 2));
        assertThat(spec.nodesById()).containsKeys("stage0_cell0_node3", "stage2_cell0_node3")
                .doesNotContainKey("stage0_cell1_node3");
    }

    @Test
    void unknownOpsAndBadSizesAreRejected() {
        CellGenome cell = new CellGenome(List.of("none", "none", "none", "none", "none", "sep_conv_3x3"));
        assertThatThrownBy(() -> Nb201Skeleton.decode(cell, CIFAR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge 5").hasMessageContaining("sep_conv_3x3")
                .hasMessageContaining("nor_conv_KxK");
        assertThatThrownBy(() -> Nb201Skeleton.decode(uniform("none"), CIFAR, 16, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cellsPerStage");
    }
}
