package io.nas4j.report;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureGraphTest {

    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 8, 8), 10);

    /** input -> conv -> bn -> relu -> (pool, identity) -> add -> global pool -> linear. */
    private static NetworkSpec residual() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 8, 8));
        String conv = builder.add("conv", Op.Conv.of2d(16, 3, 1), NetworkSpec.INPUT);
        String bn = builder.add("bn", new Op.BatchNorm(), conv);
        String relu = builder.add("relu", Op.Activation.relu(), bn);
        String pool = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 3, 1), relu);
        String identity = builder.add("skip", new Op.Identity(), relu);
        String add = builder.add("add", new Op.Add(), pool, identity);
        String features = builder.add("gap", new Op.GlobalPool(Op.PoolKind.AVG), add);
        String logits = builder.add("fc", new Op.Linear(10, true), features);
        return builder.build(logits, HEAD.loss());
    }

    @Test
    void aBatchNormAndAnActivationJoinTheConvolutionTheyFollow() {
        ArchitectureGraph graph = ArchitectureGraph.of(residual());

        Map<String, ArchitectureGraph.Box> boxes = byId(graph);
        assertThat(boxes).containsOnlyKeys("input", "conv", "pool", "skip", "add", "gap", "fc");
        assertThat(boxes.get("conv").label()).isEqualTo("conv 3x3 · bn · relu");
        assertThat(boxes.get("conv").detail()).isEqualTo("16×8×8");
        assertThat(boxes.get("conv").kind()).isEqualTo("conv");
        assertThat(boxes.get("pool").label()).isEqualTo("max pool 3x3");
        assertThat(boxes.get("fc").kind()).isEqualTo("output");
        assertThat(boxes.get("fc").detail()).isEqualTo("10");
    }

    @Test
    void boxesSitOneLayerBelowTheirDeepestInputAndEdgesJoinBoxes() {
        ArchitectureGraph graph = ArchitectureGraph.of(residual());

        Map<String, ArchitectureGraph.Box> boxes = byId(graph);
        assertThat(boxes.get("input").layer()).isZero();
        assertThat(boxes.get("conv").layer()).isEqualTo(1);
        assertThat(boxes.get("pool").layer()).isEqualTo(2);
        assertThat(boxes.get("skip").layer()).isEqualTo(2);
        assertThat(boxes.get("add").layer()).isEqualTo(3);
        assertThat(graph.edges()).containsExactly(
                new ArchitectureGraph.Edge("input", "conv"), new ArchitectureGraph.Edge("conv", "pool"),
                new ArchitectureGraph.Edge("conv", "skip"), new ArchitectureGraph.Edge("pool", "add"),
                new ArchitectureGraph.Edge("skip", "add"), new ArchitectureGraph.Edge("add", "gap"),
                new ArchitectureGraph.Edge("gap", "fc"));
        assertThat(boxes.get("pool").y()).isEqualTo(boxes.get("skip").y());
        assertThat(Math.abs(boxes.get("pool").x() - boxes.get("skip").x())).isGreaterThanOrEqualTo(ArchitectureGraph.BOX_WIDTH);
    }

    @Test
    void noTwoBoxesOverlapAndAllLieInsideTheDrawingForSampledCells() {
        CellSpace space = new CellSpace();
        SplittableRandom random = new SplittableRandom(7);
        for (int sample = 0; sample < 20; sample++) {
            CellGenome genome = space.sample(random);
            ArchitectureGraph graph = ArchitectureGraph.of(space.decode(genome, new ClassificationHead(Shape.of(3, 32, 32), 10)));

            List<ArchitectureGraph.Box> nodes = graph.nodes();
            for (ArchitectureGraph.Box box : nodes) {
                assertThat(box.x()).isGreaterThanOrEqualTo(0);
                assertThat(box.x() + box.width()).isLessThanOrEqualTo(graph.width());
                assertThat(box.y() + box.height()).isLessThanOrEqualTo(graph.height());
                for (ArchitectureGraph.Box other : nodes) {
                    if (other != box && other.layer() == box.layer()) {
                        assertThat(Math.abs(other.x() - box.x())).as(box.id() + " and " + other.id())
                                .isGreaterThanOrEqualTo(ArchitectureGraph.BOX_WIDTH);
                    }
                }
            }
            Map<String, ArchitectureGraph.Box> boxes = byId(graph);
            for (ArchitectureGraph.Edge edge : graph.edges()) {
                assertThat(boxes.get(edge.from()).layer()).isLessThan(boxes.get(edge.to()).layer());
            }
        }
    }

    private static Map<String, ArchitectureGraph.Box> byId(ArchitectureGraph graph) {
        return graph.nodes().stream().collect(Collectors.toMap(ArchitectureGraph.Box::id, Function.identity()));
    }
}
