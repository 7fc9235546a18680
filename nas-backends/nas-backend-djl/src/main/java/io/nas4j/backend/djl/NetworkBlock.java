package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A whole {@link NetworkSpec} as one DJL block: one child block per node, keyed by node id in the
 * spec's topological order. The forward pass walks the nodes that the output depends on, keeping each
 * node's value by id; nodes off every path to the output still own their parameters (the IR counts
 * them) but are not computed. Child blocks are initialised with the shapes the core's analysis
 * inferred, so shape inference has one source of truth.
 */
final class NetworkBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final NetworkSpec spec;
    private final Map<String, io.nas4j.core.network.Shape> shapes;
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final List<Node> live;

    /**
     * Builds one block per node. Throws {@link IllegalArgumentException} naming the node when the
     * analysis finds the network invalid or a node cannot be built.
     */
    NetworkBlock(NetworkSpec spec, NetworkAnalysis analysis) {
        super(VERSION);
        if (!analysis.valid()) {
            throw new IllegalArgumentException("cannot compile an invalid network: " + analysis.invalidReason().orElseThrow());
        }
        this.spec = spec;
        this.shapes = analysis.shapes();
        for (Node node : spec.nodes()) {
            List<io.nas4j.core.network.Shape> inputs = node.inputs().stream().map(shapes::get).toList();
            Block block;
            try {
                block = OpBlocks.of(node.op(), inputs, shapes.get(node.id()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("node " + node.id() + " (" + node.op().kind()
                        + ") cannot be built: " + e.getMessage(), e);
            }
            blocks.put(node.id(), addChildBlock(node.id(), block));
        }
        this.live = liveNodes(spec);
    }

    /** The nodes the output depends on, in topological order. */
    private static List<Node> liveNodes(NetworkSpec spec) {
        Map<String, Node> byId = spec.nodesById();
        Set<String> needed = new HashSet<>();
        needed.add(spec.output());
        List<Node> nodes = spec.nodes();
        for (int index = nodes.size() - 1; index >= 0; index--) {
            Node node = nodes.get(index);
            if (needed.contains(node.id())) {
                needed.addAll(node.inputs());
            }
        }
        List<Node> live = new ArrayList<>();
        for (Node node : byId.values()) {
            if (needed.contains(node.id())) {
                live.add(node);
            }
        }
        return List.copyOf(live);
    }

    NetworkSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), training, params, (node, value) -> { }));
    }

    /**
     * The forward pass that shows {@code observer} every computed node's output (zero-cost proxies read
     * the ReLU outputs); returns the network's output.
     */
    NDArray forward(ParameterStore parameterStore, NDArray input, boolean training, PairList<String, Object> params,
                    BiConsumer<Node, NDArray> observer) {
        Map<String, NDArray> values = new HashMap<>();
        values.put(NetworkSpec.INPUT, input);
        for (Node node : live) {
            NDList arguments = new NDList(node.inputs().size());
            for (String source : node.inputs()) {
                arguments.add(values.get(source));
            }
            NDList output = blocks.get(node.id()).forward(parameterStore, arguments, training, params);
            NDArray value = output.singletonOrThrow();
            observer.accept(node, value);
            values.put(node.id(), value);
        }
        return values.get(spec.output());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (Node node : spec.nodes()) {
            Shape[] nodeInputs = node.inputs().stream()
                    .map(source -> OpBlocks.batched(shapes.get(source), batch))
                    .toArray(Shape[]::new);
            blocks.get(node.id()).initialize(manager, dataType, nodeInputs);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {OpBlocks.batched(shapes.get(spec.output()), inputShapes[0].get(0))};
    }
}
