package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The NAS-Bench-201 macro skeleton around a searched cell: the network a {@link CellGenome} describes.
 *
 * <p>Layout, as in NAS-Bench-201: a stem (3x3 convolution to {@code C} channels, batch norm); three stages
 * of {@code N} identical cells with {@code C}, {@code 2C} and {@code 4C} channels; between stages a residual
 * reduction block (ReLU, 3x3 convolution stride 2, batch norm, ReLU, 3x3 convolution, batch norm, added to a
 * shortcut of 2x2 average pooling stride 2 and a 1x1 convolution); then batch norm and ReLU before the task
 * head, which pools and classifies.
 *
 * <p>Inside a cell, node 0 is the cell input and node {@code j} is the sum of the ops on its incoming edges
 * ({@link CellGenome#from}, {@link CellGenome#to}); node 3 is the cell output. A node with one incoming edge
 * (node 1) is that edge's op; others are an {@link Op.Add} of theirs. Edge ops are those of {@link #OPS}:
 * {@code none} is {@link Op.Zero}, {@code skip_connect} is {@link Op.Identity}, {@code nor_conv_KxK} is ReLU,
 * convolution, batch norm, and {@code avg_pool_3x3} is average pooling 3x3 stride 1. Every edge is built,
 * {@code none} included, so the IR mirrors the benchmark's cell one edge for one node.
 *
 * <p>Node ids: {@code stem_*}, {@code reduction{k}_*} (before stage {@code k}), {@code stage{k}_cell{c}_edge{e}_*},
 * {@code stage{k}_cell{c}_node{j}}, {@code final_*}; all indices from 0.
 */
public final class Nb201Skeleton {

    /** The NAS-Bench-201 edge operations, in the benchmark's order. */
    public static final List<String> OPS =
            List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");

    /** The benchmark's stem channels {@code C}. */
    public static final int DEFAULT_STEM_CHANNELS = 16;

    /** The benchmark's cells per stage {@code N}. */
    public static final int DEFAULT_CELLS_PER_STAGE = 5;

    private static final int STAGES = 3;
    private static final int CELL_NODES = 4;

    private Nb201Skeleton() {
    }

    /** The network with the benchmark's defaults: {@code C = 16}, {@code N = 5}. */
    public static NetworkSpec decode(CellGenome cell, TaskHead head) {
        return decode(cell, head, DEFAULT_STEM_CHANNELS, DEFAULT_CELLS_PER_STAGE);
    }

    /**
     * The network with {@code stemChannels} ({@code C}) and {@code cellsPerStage} ({@code N}); small inputs
     * such as the 8x8 digits train in reasonable time with {@code N = 1}.
     *
     * @throws IllegalArgumentException for an op outside {@link #OPS}, a non-image input or non-positive sizes
     */
    public static NetworkSpec decode(CellGenome cell, TaskHead head, int stemChannels, int cellsPerStage) {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(head, "head");
        if (stemChannels < 1) {
            throw new IllegalArgumentException("stemChannels must be positive, got " + stemChannels);
        }
        if (cellsPerStage < 1) {
            throw new IllegalArgumentException("cellsPerStage must be positive, got " + cellsPerStage);
        }
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            if (!OPS.contains(cell.ops().get(edge))) {
                throw new IllegalArgumentException("edge " + edge + " op '" + cell.ops().get(edge)
                        + "' is not a NAS-Bench-201 op; allowed: " + OPS);
            }
        }
        Shape input = head.input();
        if (input.spatialDims() != 2) {
            throw new IllegalArgumentException("the NAS-Bench-201 skeleton builds 2D networks on images [C, H, W],"
                    + " got input " + input);
        }
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String current = builder.add("stem_conv", Op.Conv.of2d(stemChannels, 3, 1), NetworkSpec.INPUT);
        current = builder.add("stem_bn", new Op.BatchNorm(), current);
        for (int stage = 0; stage < STAGES; stage++) {
            int channels = stemChannels << stage;
            if (stage > 0) {
                current = reduction(builder, "reduction" + stage, current, channels);
            }
            for (int index = 0; index < cellsPerStage; index++) {
                current = cell(builder, "stage" + stage + "_cell" + index, cell, current, channels);
            }
        }
        current = builder.add("final_bn", new Op.BatchNorm(), current);
        current = builder.add("final_relu", Op.Activation.relu(), current);
        String output = head.attach(builder, current);
        return builder.build(output, head.loss());
    }

    /** The ResNet basic block with stride 2 that NAS-Bench-201 places between stages. */
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

    private static String cell(NetworkSpec.Builder builder, String prefix, CellGenome cell, String input,
                               int channels) {
        String[] nodes = new String[CELL_NODES];
        nodes[0] = input;
        for (int node = 1; node < CELL_NODES; node++) {
            List<String> incoming = new ArrayList<>();
            for (int edge = 0; edge < CellGenome.EDGES; edge++) {
                if (CellGenome.to(edge) == node) {
                    incoming.add(edgeOp(builder, prefix + "_edge" + edge, cell.ops().get(edge),
                            nodes[CellGenome.from(edge)], channels));
                }
            }
            nodes[node] = incoming.size() == 1
                    ? incoming.get(0)
                    : builder.add(prefix + "_node" + node, new Op.Add(), incoming);
        }
        return nodes[CELL_NODES - 1];
    }

    private static String edgeOp(NetworkSpec.Builder builder, String prefix, String op, String input,
                                 int channels) {
        return switch (op) {
            case "none" -> builder.add(prefix + "_zero", new Op.Zero(1), input);
            case "skip_connect" -> builder.add(prefix + "_identity", new Op.Identity(), input);
            case "nor_conv_1x1" -> reluConvBatchNorm(builder, prefix, input, channels, 1);
            case "nor_conv_3x3" -> reluConvBatchNorm(builder, prefix, input, channels, 3);
            case "avg_pool_3x3" -> builder.add(prefix + "_pool", new Op.Pool(Op.PoolKind.AVG, 2, 3, 1), input);
            default -> throw new IllegalArgumentException("unknown NAS-Bench-201 op " + op);
        };
    }

    private static String reluConvBatchNorm(NetworkSpec.Builder builder, String prefix, String input,
                                            int channels, int kernel) {
        String id = builder.add(prefix + "_relu", Op.Activation.relu(), input);
        id = builder.add(prefix + "_conv", Op.Conv.of2d(channels, kernel, 1), id);
        return builder.add(prefix + "_bn", new Op.BatchNorm(), id);
    }
}
