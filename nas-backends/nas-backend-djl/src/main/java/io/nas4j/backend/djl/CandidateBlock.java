package io.nas4j.backend.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.supernet.CandidateOp;

import java.util.ArrayList;
import java.util.List;

/**
 * One candidate of a supernet's choice node: its ops as DJL blocks applied one after another, each
 * initialised with the shape the core's analysis inferred (the same translation {@link NetworkBlock} uses,
 * so a subnet's weights copy one for one into a stand-alone network).
 */
final class CandidateBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Block> ops = new ArrayList<>();
    private final List<io.nas4j.core.network.Shape> inputShapes = new ArrayList<>();
    private final io.nas4j.core.network.Shape output;
    private final boolean zero;

    CandidateBlock(CandidateOp candidate, io.nas4j.core.network.Shape input) {
        super(VERSION);
        List<Node> nodes = new ArrayList<>();
        String previous = NetworkSpec.INPUT;
        for (int index = 0; index < candidate.ops().size(); index++) {
            String id = "op" + index;
            nodes.add(new Node(id, candidate.ops().get(index), List.of(previous)));
            previous = id;
        }
        NetworkAnalysis analysis = NetworkAnalysis.of(new NetworkSpec(input, nodes, previous,
                Loss.SOFTMAX_CROSS_ENTROPY));
        if (!analysis.valid()) {
            throw new IllegalArgumentException("candidate " + candidate.name() + " cannot take an input of shape "
                    + input + ": " + analysis.invalidReason().orElseThrow());
        }
        io.nas4j.core.network.Shape current = input;
        for (Node node : nodes) {
            io.nas4j.core.network.Shape next = analysis.shapes().get(node.id());
            inputShapes.add(current);
            ops.add(addChildBlock(candidate.name() + "_" + node.id(), OpBlocks.of(node.op(), List.of(current), next)));
            current = next;
        }
        this.output = current;
        this.zero = candidate.isZero();
    }

    /** The blocks of the candidate's ops, in order. */
    List<Block> ops() {
        return ops;
    }

    /** Whether the candidate outputs zeros whatever its input. */
    boolean zero() {
        return zero;
    }

    io.nas4j.core.network.Shape output() {
        return output;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList current = inputs;
        for (Block op : ops) {
            current = op.forward(parameterStore, current, training, params);
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        long batch = shapes[0].get(0);
        for (int index = 0; index < ops.size(); index++) {
            ops.get(index).initialize(manager, dataType, OpBlocks.batched(inputShapes.get(index), batch));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] shapes) {
        return new Shape[] {OpBlocks.batched(output, shapes[0].get(0))};
    }
}
