package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * (node 1) is that edge's op; others are an {@link Op.Add} of theirs. Edge ops are those of {@link #OPS}, and
 * the same forms with other odd kernels ({@link #EDGE_OP_FORMS}): {@code none} is {@link Op.Zero},
 * {@code skip_connect} is {@link Op.Identity}, {@code nor_conv_KxK} is ReLU, convolution KxK, batch norm, and
 * {@code avg_pool_KxK} and {@code max_pool_KxK} are pooling KxK stride 1. Every edge is built, {@code none}
 * included, so the IR mirrors the benchmark's cell one edge for one node.
 *
 * <p>Node ids: {@code stem_*}, {@code reduction{k}_*} (before stage {@code k}), {@code stage{k}_cell{c}_edge{e}_*},
 * {@code stage{k}_cell{c}_node{j}}, {@code final_*}; all indices from 0.
 */
public final class Nb201Skeleton {

    /** The NAS-Bench-201 edge operations, in the benchmark's order. */
    public static final List<String> OPS =
            List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");

    /** The forms of every edge op the skeleton builds, for messages. */
    public static final String EDGE_OP_FORMS = "none, skip_connect, nor_conv_KxK, avg_pool_KxK, max_pool_KxK (K odd)";

    private static final Pattern KERNEL_OP = Pattern.compile("(nor_conv|avg_pool|max_pool)_([1-9]\\d?)x([1-9]\\d?)");

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
     * @throws IllegalArgumentException for an op that is not an {@linkplain #isEdgeOp edge op}, a non-image input
     *                                  or non-positive sizes
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
            if (!isEdgeOp(cell.ops().get(edge))) {
                throw new IllegalArgumentException("edge " + edge + " op '" + cell.ops().get(edge)
                        + "' is not a cell op; allowed: " + EDGE_OP_FORMS);
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

    /**
     * Whether the skeleton builds {@code op} on an edge: {@code none}, {@code skip_connect}, or
     * {@code nor_conv_KxK}, {@code avg_pool_KxK}, {@code max_pool_KxK} with an odd kernel K below 100 (an even
     * kernel cannot pad symmetrically, which "same" padding needs).
     */
    public static boolean isEdgeOp(String op) {
        return op != null && (op.equals("none") || op.equals("skip_connect") || kernel(op) > 0);
    }

    /** The kernel of a kernel op, else 0. */
    private static int kernel(String op) {
        Matcher matcher = KERNEL_OP.matcher(op);
        if (!matcher.matches() || !matcher.group(2).equals(matcher.group(3))) {
            return 0;
        }
        int kernel = Integer.parseInt(matcher.group(2));
        return kernel % 2 == 1 ? kernel : 0;
    }

    private static String edgeOp(NetworkSpec.Builder builder, String prefix, String op, String input,
                                 int channels) {
        if (op.equals("none")) {
            return builder.add(prefix + "_zero", new Op.Zero(1), input);
        }
        if (op.equals("skip_connect")) {
            return builder.add(prefix + "_identity", new Op.Identity(), input);
        }
        int kernel = kernel(op);
        if (op.startsWith("nor_conv_")) {
            return reluConvBatchNorm(builder, prefix, input, channels, kernel);
        }
        Op.PoolKind pooling = op.startsWith("max_pool_") ? Op.PoolKind.MAX : Op.PoolKind.AVG;
        return builder.add(prefix + "_pool", new Op.Pool(pooling, 2, kernel, 1), input);
    }

    private static String reluConvBatchNorm(NetworkSpec.Builder builder, String prefix, String input,
                                            int channels, int kernel) {
        String id = builder.add(prefix + "_relu", Op.Activation.relu(), input);
        id = builder.add(prefix + "_conv", Op.Conv.of2d(channels, kernel, 1), id);
        return builder.add(prefix + "_bn", new Op.BatchNorm(), id);
    }
}
