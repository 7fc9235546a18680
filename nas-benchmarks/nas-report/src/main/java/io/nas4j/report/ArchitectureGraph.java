package io.nas4j.report;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link NetworkSpec} laid out for drawing as a layered DAG, top to bottom: one box per node labelled by
 * its op and its output shape, the input on top, every box one layer below its deepest input (the longest
 * path from the input), and the boxes of a layer ordered by the mean position of their inputs so that edges
 * cross little.
 *
 * <p>A batch norm or an activation that is the only reader of its input joins that input's box ("conv 3x3
 * · bn · relu"): the drawing shows the blocks a person reads, not three boxes per convolution. The numbers
 * in the boxes come from the core's shape inference.
 *
 * @param nodes  the boxes, with their positions
 * @param edges  the connections between boxes, from the box whose value is read
 * @param width  the drawing's width in pixels
 * @param height the drawing's height in pixels
 */
public record ArchitectureGraph(List<Box> nodes, List<Edge> edges, int width, int height) {

    static final int BOX_WIDTH = 168;
    static final int BOX_HEIGHT = 38;
    static final int GAP_X = 18;
    static final int GAP_Y = 26;
    static final int MARGIN = 12;

    public ArchitectureGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * A box of the drawing.
     *
     * @param id     the id of the node the box starts with ({@value NetworkSpec#INPUT} for the input)
     * @param kind   a class for its colour: conv, depthwise_conv, pool, global_pool, add, concat, input,
     *               output, zero, or the op's kind
     * @param label  the op (and the ops merged into the box), e.g. {@code conv 3x3 /2 · bn · relu}
     * @param detail the output shape, e.g. {@code 32×14×14}
     * @param layer  its layer, 0 for the input
     */
    public record Box(String id, String kind, String label, String detail, int layer, int x, int y, int width,
                      int height) {
    }

    /** A connection: the value of box {@code from} is read by box {@code to}. */
    public record Edge(String from, String to) {
    }

    /** Lays {@code spec} out. */
    public static ArchitectureGraph of(NetworkSpec spec) {
        Objects.requireNonNull(spec, "spec");
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        Map<String, Shape> shapes = analysis.valid() ? analysis.shapes() : Map.of();
        Map<String, Integer> readers = new HashMap<>();
        for (Node node : spec.nodes()) {
            node.inputs().forEach(input -> readers.merge(input, 1, Integer::sum));
        }
        // which box each node belongs to, and each box's ops in order
        Map<String, String> boxOf = new HashMap<>();
        Map<String, List<Node>> members = new LinkedHashMap<>();
        boxOf.put(NetworkSpec.INPUT, NetworkSpec.INPUT);
        members.put(NetworkSpec.INPUT, new ArrayList<>());
        for (Node node : spec.nodes()) {
            boolean follower = (node.op() instanceof Op.BatchNorm || node.op() instanceof Op.Activation)
                    && node.inputs().size() == 1 && !node.inputs().get(0).equals(NetworkSpec.INPUT)
                    && readers.getOrDefault(node.inputs().get(0), 0) == 1;
            String box = follower ? boxOf.get(node.inputs().get(0)) : node.id();
            boxOf.put(node.id(), box);
            members.computeIfAbsent(box, key -> new ArrayList<>()).add(node);
        }
        Map<String, Set<String>> inputsOf = new LinkedHashMap<>();
        members.keySet().forEach(box -> inputsOf.put(box, new LinkedHashSet<>()));
        List<Edge> edges = new ArrayList<>();
        for (Node node : spec.nodes()) {
            String to = boxOf.get(node.id());
            for (String input : node.inputs()) {
                String from = boxOf.get(input);
                if (!from.equals(to) && inputsOf.get(to).add(from)) {
                    edges.add(new Edge(from, to));
                }
            }
        }
        // layers: the longest path from the input (boxes are in topological order already)
        Map<String, Integer> layerOf = new HashMap<>();
        for (String box : members.keySet()) {
            layerOf.put(box, inputsOf.get(box).stream().mapToInt(layerOf::get).map(layer -> layer + 1).max().orElse(0));
        }
        int layers = layerOf.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            rows.add(new ArrayList<>());
        }
        members.keySet().forEach(box -> rows.get(layerOf.get(box)).add(box));
        Map<String, Double> position = new HashMap<>();
        for (List<String> row : rows) {
            List<String> ordered = new ArrayList<>(row);
            Map<String, Double> order = new HashMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                String box = ordered.get(i);
                double mean = inputsOf.get(box).stream().mapToDouble(position::get).average().orElse(i);
                order.put(box, mean + i * 1e-6);
            }
            ordered.sort(Comparator.comparingDouble(order::get));
            row.clear();
            row.addAll(ordered);
            for (int i = 0; i < row.size(); i++) {
                position.put(row.get(i), i - (row.size() - 1) / 2.0);
            }
        }
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        int width = 2 * MARGIN + widest * BOX_WIDTH + (widest - 1) * GAP_X;
        int height = 2 * MARGIN + layers * BOX_HEIGHT + (layers - 1) * GAP_Y;
        double centre = width / 2.0;
        List<Box> boxes = new ArrayList<>();
        for (String box : members.keySet()) {
            int layer = layerOf.get(box);
            int x = (int) Math.round(centre + position.get(box) * (BOX_WIDTH + GAP_X) - BOX_WIDTH / 2.0);
            int y = MARGIN + layer * (BOX_HEIGHT + GAP_Y);
            List<Node> ops = members.get(box);
            String last = ops.isEmpty() ? NetworkSpec.INPUT : ops.get(ops.size() - 1).id();
            Shape shape = last.equals(NetworkSpec.INPUT) ? spec.input() : shapes.get(last);
            String kind = ops.isEmpty() ? "input" : last.equals(spec.output()) || boxOf.get(spec.output()).equals(box)
                    ? "output" : kind(ops.get(0).op());
            String label = ops.isEmpty() ? "input" : ops.stream().map(node -> label(node.op()))
                    .collect(Collectors.joining(" · "));
            boxes.add(new Box(box, kind, label, shape == null ? "" : shape(shape), layer, x, y, BOX_WIDTH, BOX_HEIGHT));
        }
        return new ArchitectureGraph(boxes, edges, width, height);
    }

    /** The colour class of an op. */
    static String kind(Op op) {
        if (op instanceof Op.Conv) {
            return "conv";
        }
        if (op instanceof Op.DepthwiseConv) {
            return "depthwise_conv";
        }
        if (op instanceof Op.Pool) {
            return "pool";
        }
        if (op instanceof Op.GlobalPool) {
            return "global_pool";
        }
        return op.kind();
    }

    /** The op as a person names it: {@code conv 3x3 /2 ×32}, {@code max pool 3x3}, {@code relu}. */
    static String label(Op op) {
        if (op instanceof Op.Conv conv) {
            return "conv " + window(conv.kernel(), conv.spatialDims()) + stride(conv.stride())
                    + (conv.dilation() > 1 ? " dil " + conv.dilation() : "") + (conv.groups() > 1 ? " g" + conv.groups() : "");
        }
        if (op instanceof Op.DepthwiseConv conv) {
            return "dw conv " + window(conv.kernel(), conv.spatialDims()) + stride(conv.stride())
                    + (conv.multiplier() > 1 ? " ×" + conv.multiplier() : "");
        }
        if (op instanceof Op.Pool pool) {
            return pool.pooling().name().toLowerCase(Locale.ROOT) + " pool " + window(pool.kernel(), pool.spatialDims())
                    + stride(pool.stride());
        }
        if (op instanceof Op.GlobalPool pool) {
            return "global " + pool.pooling().name().toLowerCase(Locale.ROOT) + " pool";
        }
        if (op instanceof Op.BatchNorm) {
            return "bn";
        }
        if (op instanceof Op.Activation activation) {
            return activation.function().name().toLowerCase(Locale.ROOT);
        }
        if (op instanceof Op.Zero zero) {
            return "zero" + stride(zero.stride());
        }
        if (op instanceof Op.Linear linear) {
            return "linear " + linear.outFeatures();
        }
        if (op instanceof Op.Dropout dropout) {
            return String.format(Locale.ROOT, "dropout %.2g", dropout.rate());
        }
        if (op instanceof Op.Upsample upsample) {
            return "upsample ×" + upsample.factor();
        }
        if (op instanceof Op.AttentionGate gate) {
            return "attention gate " + gate.interChannels();
        }
        if (op instanceof Op.MultiScaleFusion fusion) {
            return "multi-scale fusion " + fusion.outChannels();
        }
        if (op instanceof Op.DetectionHead head) {
            return "detection head " + head.anchors() + "×" + head.outputsPerAnchor();
        }
        return op.kind().replace('_', ' ');
    }

    private static String window(int kernel, int spatialDims) {
        return String.join("x", java.util.Collections.nCopies(spatialDims, Integer.toString(kernel)));
    }

    private static String stride(int stride) {
        return stride > 1 ? " /" + stride : "";
    }

    private static String shape(Shape shape) {
        return shape.dims().stream().map(String::valueOf).collect(Collectors.joining("×"));
    }
}
