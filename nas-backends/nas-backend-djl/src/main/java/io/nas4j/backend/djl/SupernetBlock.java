package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SupernetSpec} as one DJL block. Fixed nodes become the blocks {@link OpBlocks} makes for them;
 * each choice node holds one {@link CandidateBlock} per candidate; each choice point owns a parameter
 * {@code alpha} with one entry per option (DESIGN: a DARTS mixed op is a block with an extra parameter).
 *
 * <p>The forward pass runs in one of two modes, set before each pass: mixed (every choice node outputs
 * {@code sum_k softmax(alpha)_k * candidate_k(x)}; candidates that output zeros are left out of the sum,
 * which changes neither its value nor its gradient) or a single path (each choice node runs the candidate
 * its point picks; nothing else runs).
 */
final class SupernetBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    /** DARTS initialises the architecture weights as 1e-3 times a standard normal draw. */
    private static final float ALPHA_INIT_SIGMA = 1e-3f;

    private final SupernetSpec spec;
    private final Map<String, io.nas4j.core.network.Shape> shapes;
    private final Map<String, Block> fixed = new LinkedHashMap<>();
    private final Map<String, List<CandidateBlock>> choices = new LinkedHashMap<>();
    private final List<Parameter> alphas = new ArrayList<>();
    private int[] path;

    SupernetBlock(SupernetSpec spec) {
        super(VERSION);
        this.spec = spec;
        this.shapes = spec.shapes();
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed fixedNode) {
                List<io.nas4j.core.network.Shape> inputs = node.inputs().stream().map(shapes::get).toList();
                Block block;
                try {
                    block = OpBlocks.of(fixedNode.node().op(), inputs, shapes.get(node.id()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("node " + node.id() + " (" + fixedNode.node().op().kind()
                            + ") cannot be built: " + e.getMessage(), e);
                }
                fixed.put(node.id(), addChildBlock(node.id(), block));
            } else if (node instanceof SupernetNode.Choice choice) {
                List<CandidateBlock> candidates = new ArrayList<>();
                for (int index = 0; index < choice.candidates().size(); index++) {
                    CandidateBlock candidate = new CandidateBlock(choice.candidates().get(index),
                            shapes.get(choice.input()));
                    candidates.add(addChildBlock(node.id() + "_" + index, candidate));
                }
                choices.put(node.id(), candidates);
            }
        }
        for (int point = 0; point < spec.points().size(); point++) {
            alphas.add(addParameter(Parameter.builder()
                    .setName("alpha" + point)
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(spec.points().get(point).size()))
                    .optInitializer(new NormalInitializer(ALPHA_INIT_SIGMA))
                    .build()));
        }
    }

    SupernetSpec spec() {
        return spec;
    }

    /** The architecture-weight parameters, one per choice point. */
    List<Parameter> alphas() {
        return alphas;
    }

    /** Runs every later forward pass on {@code value}'s subnet, or mixed when {@code value} is null. */
    void usePath(int[] value) {
        if (value != null) {
            spec.requirePath(value);
        }
        this.path = value == null ? null : value.clone();
    }

    /**
     * The blocks of the subnet of {@code chosen}, aligned with the nodes of {@code spec().discrete(chosen)}:
     * a fixed node's block, or one op block of the chosen candidate.
     */
    List<Block> pathBlocks(int[] chosen) {
        List<Block> blocks = new ArrayList<>();
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed) {
                blocks.add(fixed.get(node.id()));
            } else if (node instanceof SupernetNode.Choice choice) {
                blocks.addAll(choices.get(node.id()).get(chosen[choice.point()]).ops());
            }
        }
        return blocks;
    }

    /** The weights of the subnet of {@code chosen} (alphas excluded), batch-norm statistics included. */
    List<Parameter> pathParameters(int[] chosen) {
        List<Parameter> parameters = new ArrayList<>();
        for (Block block : pathBlocks(chosen)) {
            parameters.addAll(block.getParameters().values());
        }
        return parameters;
    }

    /** Every weight (alphas excluded), batch-norm statistics included. */
    List<Parameter> weights() {
        List<Parameter> parameters = new ArrayList<>();
        for (Block child : getChildren().values()) {
            parameters.addAll(child.getParameters().values());
        }
        return parameters;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Map<String, NDArray> values = new HashMap<>();
        values.put(NetworkSpec.INPUT, inputs.singletonOrThrow());
        NDArray[] weights = path != null ? null : mixingWeights(parameterStore, inputs.head(), training);
        for (SupernetNode node : spec.nodes()) {
            NDArray value;
            if (node instanceof SupernetNode.Fixed) {
                NDList arguments = new NDList(node.inputs().size());
                for (String source : node.inputs()) {
                    arguments.add(values.get(source));
                }
                value = fixed.get(node.id()).forward(parameterStore, arguments, training, params).singletonOrThrow();
            } else {
                SupernetNode.Choice choice = (SupernetNode.Choice) node;
                NDList argument = new NDList(values.get(choice.input()));
                List<CandidateBlock> candidates = choices.get(node.id());
                if (path != null) {
                    value = candidates.get(path[choice.point()]).forward(parameterStore, argument, training, params)
                            .singletonOrThrow();
                } else {
                    value = mixed(parameterStore, argument, training, params, candidates, weights[choice.point()]);
                }
            }
            values.put(node.id(), value);
        }
        return new NDList(values.get(spec.output()));
    }

    private NDArray[] mixingWeights(ParameterStore parameterStore, NDArray like, boolean training) {
        NDArray[] weights = new NDArray[alphas.size()];
        for (int point = 0; point < weights.length; point++) {
            weights[point] = parameterStore.getValue(alphas.get(point), like.getDevice(), training).softmax(0);
            // the softmax would otherwise live as long as the alphas' manager: one array per pass
            weights[point].attach(like.getManager());
        }
        return weights;
    }

    private static NDArray mixed(ParameterStore parameterStore, NDList argument, boolean training,
                                 PairList<String, Object> params, List<CandidateBlock> candidates, NDArray weights) {
        NDArray sum = null;
        for (int index = 0; index < candidates.size(); index++) {
            CandidateBlock candidate = candidates.get(index);
            if (candidate.zero()) {
                continue;
            }
            NDArray output = candidate.forward(parameterStore, argument, training, params).singletonOrThrow();
            NDArray weighted = output.mul(weights.get(index));
            sum = sum == null ? weighted : sum.add(weighted);
        }
        if (sum == null) {
            // every candidate outputs zeros
            return candidates.get(0).forward(parameterStore, argument, training, params).singletonOrThrow();
        }
        return sum;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed) {
                Shape[] nodeInputs = node.inputs().stream()
                        .map(source -> OpBlocks.batched(shapes.get(source), batch))
                        .toArray(Shape[]::new);
                fixed.get(node.id()).initialize(manager, dataType, nodeInputs);
            } else {
                Shape input = OpBlocks.batched(shapes.get(((SupernetNode.Choice) node).input()), batch);
                for (CandidateBlock candidate : choices.get(node.id())) {
                    candidate.initialize(manager, dataType, input);
                }
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {OpBlocks.batched(shapes.get(spec.output()), inputShapes[0].get(0))};
    }
}
