package io.nas4j.core.supernet;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.Nb201Skeleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The supernet of the NAS-Bench-201 {@link CellSpace}: the {@link Nb201Skeleton} (stem, three stages of
 * {@code N} cells with {@code C}, {@code 2C}, {@code 4C} channels, residual reductions, head) in which each
 * of a cell's six edges is a choice node over the five NB201 ops. As in DARTS on NB201, the six edge
 * decisions are shared by every cell, so a path is exactly a {@link CellGenome}, and the subnet of a path
 * has the parameters and multiply-adds of {@code new CellSpace(C, N).decode(genome, head)}.
 */
public final class CellSupernet {

    private CellSupernet() {
    }

    /** The supernet around {@code head} with {@code stemChannels} ({@code C}) and {@code cellsPerStage} ({@code N}). */
    public static SupernetSpec of(TaskHead head, int stemChannels, int cellsPerStage) {
        Objects.requireNonNull(head, "head");
        if (stemChannels < 1 || cellsPerStage < 1) {
            throw new IllegalArgumentException("stemChannels and cellsPerStage must be positive, got " + stemChannels
                    + " and " + cellsPerStage);
        }
        Shape input = head.input();
        if (input.spatialDims() != 2) {
            throw new IllegalArgumentException("the cell supernet builds 2D networks on images [C, H, W], got input "
                    + input);
        }
        List<ChoicePoint> points = new ArrayList<>();
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            points.add(new ChoicePoint("edge" + CellGenome.from(edge) + "->" + CellGenome.to(edge), Nb201Skeleton.OPS));
        }
        // The fixed parts are built with the ordinary builder, which names and orders them; choice nodes are
        // recorded as placeholders (identity) and swapped for choice nodes afterwards.
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        List<String> choiceIds = new ArrayList<>();
        List<Integer> choicePoints = new ArrayList<>();
        List<Integer> choiceChannels = new ArrayList<>();
        String current = builder.add("stem_conv", Op.Conv.of2d(stemChannels, 3, 1), NetworkSpec.INPUT);
        current = builder.add("stem_bn", new Op.BatchNorm(), current);
        for (int stage = 0; stage < 3; stage++) {
            int channels = stemChannels << stage;
            if (stage > 0) {
                current = reduction(builder, "reduction" + stage, current, channels);
            }
            for (int index = 0; index < cellsPerStage; index++) {
                String prefix = "stage" + stage + "_cell" + index;
                String[] cellNodes = new String[4];
                cellNodes[0] = current;
                for (int node = 1; node < 4; node++) {
                    List<String> incoming = new ArrayList<>();
                    for (int edge = 0; edge < CellGenome.EDGES; edge++) {
                        if (CellGenome.to(edge) == node) {
                            String id = builder.add(prefix + "_edge" + edge, new Op.Identity(),
                                    cellNodes[CellGenome.from(edge)]);
                            choiceIds.add(id);
                            choicePoints.add(edge);
                            choiceChannels.add(channels);
                            incoming.add(id);
                        }
                    }
                    cellNodes[node] = incoming.size() == 1
                            ? incoming.get(0)
                            : builder.add(prefix + "_node" + node, new Op.Add(), incoming);
                }
                current = cellNodes[3];
            }
        }
        current = builder.add("final_bn", new Op.BatchNorm(), current);
        current = builder.add("final_relu", Op.Activation.relu(), current);
        String output = head.attach(builder, current);
        NetworkSpec skeleton = builder.build(output, head.loss());
        List<SupernetNode> nodes = new ArrayList<>();
        for (Node node : skeleton.nodes()) {
            int choice = choiceIds.indexOf(node.id());
            nodes.add(choice < 0 ? new SupernetNode.Fixed(node)
                    : new SupernetNode.Choice(node.id(), choicePoints.get(choice), node.inputs().get(0),
                            candidates(choiceChannels.get(choice))));
        }
        return new SupernetSpec(input, nodes, output, head.loss(), points);
    }

    /** The five NB201 edge ops with {@code channels} as candidates, in the benchmark's order ({@link Nb201Skeleton#OPS}). */
    static List<CandidateOp> candidates(int channels) {
        return List.of(
                CandidateOp.of("none", new Op.Zero(1)),
                CandidateOp.of("skip_connect", new Op.Identity()),
                CandidateOp.of("nor_conv_1x1", Op.Activation.relu(), Op.Conv.of2d(channels, 1, 1),
                        new Op.BatchNorm()),
                CandidateOp.of("nor_conv_3x3", Op.Activation.relu(), Op.Conv.of2d(channels, 3, 1),
                        new Op.BatchNorm()),
                CandidateOp.of("avg_pool_3x3", new Op.Pool(Op.PoolKind.AVG, 2, 3, 1)));
    }

    /** The cell genome a path picks (paths of this supernet have one entry per edge). */
    public static CellGenome genome(int[] path) {
        if (path.length != CellGenome.EDGES) {
            throw new IllegalArgumentException("a cell path has " + CellGenome.EDGES + " entries, got " + path.length);
        }
        List<String> ops = new ArrayList<>();
        for (int choice : path) {
            ops.add(Nb201Skeleton.OPS.get(choice));
        }
        return new CellGenome(ops);
    }

    /** The path of a cell genome. */
    public static int[] path(CellGenome genome) {
        return new CellSpace().choices(genome);
    }

    private static String reduction(NetworkSpec.Builder builder, String prefix, String input, int channels) {
        String residual = builder.add(prefix + "_relu_a", Op.Activation.relu(), input);
        residual = builder.add(prefix + "_conv_a", Op.Conv.of2d(channels, 3, 2), residual);
        residual = builder.add(prefix + "_bn_a", new Op.BatchNorm(), residual);
        residual = builder.add(prefix + "_relu_b", Op.Activation.relu(), residual);
        residual = builder.add(prefix + "_conv_b", Op.Conv.of2d(channels, 3, 1), residual);
        residual = builder.add(prefix + "_bn_b", new Op.BatchNorm(), residual);
        String shortcut = builder.add(prefix + "_shortcut_pool", new Op.Pool(Op.PoolKind.AVG, 2, 2, 2), input);
        shortcut = builder.add(prefix + "_shortcut_conv", Op.Conv.of2d(channels, 1, 1), shortcut);
        return builder.add(prefix + "_add", new Op.Add(), residual, shortcut);
    }
}
