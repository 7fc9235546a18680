package io.nas4j.core.supernet;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.space.ChainSpace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A supernet over a {@link ChainSpace}-like layout: stages of {@code layersPerStage} searched layers, each
 * choosing its op among {@code ops} (stride 1, series connection, the stage's channels), each stage opened
 * by a fixed {@code conv_3x3} layer (stride 1 for the first stage, 2 after) that sets its channels. The
 * subnet of a path is the network {@link #space()} decodes from {@link #genome}, op for op: candidates are
 * taken from the chain space's own decoder, so the two never drift apart.
 *
 * @param ops            the searched op names, of the forms {@link ChainSpace} knows (for example
 *                       {@code conv_5x5}, {@code depthwise_conv_3x3}, {@code max_pool_3x3}, {@code identity})
 * @param stageChannels  channels of each stage, one entry per stage
 * @param layersPerStage searched layers per stage, at least 1
 */
public record ChainSupernet(List<String> ops, List<Integer> stageChannels, int layersPerStage) {

    /** The op that opens each stage. */
    public static final String STAGE_OP = "conv_3x3";

    /** The default searched ops: the chain space's except 7x7 convolutions and zero. */
    public static final List<String> DEFAULT_OPS = List.of("conv_3x3", "conv_5x5", "depthwise_conv_3x3",
            "depthwise_conv_5x5", "max_pool_3x3", "avg_pool_3x3", "identity");

    public ChainSupernet {
        ops = List.copyOf(ops);
        stageChannels = List.copyOf(stageChannels);
        if (stageChannels.isEmpty()) {
            throw new IllegalArgumentException("a chain supernet needs at least one stage");
        }
        if (layersPerStage < 1) {
            throw new IllegalArgumentException("layersPerStage must be at least 1, got " + layersPerStage);
        }
        if (ops.contains("zero")) {
            throw new IllegalArgumentException("a chain supernet cannot search 'zero': it would cut the chain");
        }
        space(ops, stageChannels, stageChannels.size() * (layersPerStage + 1));
    }

    /** The chain space whose genomes {@link #genome} returns. */
    public ChainSpace space() {
        return space(ops, stageChannels, stageChannels.size() * (layersPerStage + 1));
    }

    private static ChainSpace space(List<String> ops, List<Integer> stageChannels, int depth) {
        LinkedHashSet<String> allOps = new LinkedHashSet<>(ops);
        allOps.add(STAGE_OP);
        return new ChainSpace(new ChainSpace.Options(List.copyOf(allOps), List.of("series"), 1, depth,
                List.copyOf(new LinkedHashSet<>(stageChannels)), List.of(1, 2)));
    }

    /** The chain genome of {@code path}: the fixed stage layers and the searched layers in order. */
    public ChainGenome genome(int[] path) {
        int searched = stageChannels.size() * layersPerStage;
        if (path.length != searched) {
            throw new IllegalArgumentException("a path of this chain supernet has " + searched + " entries, got "
                    + path.length);
        }
        List<ChainGenome.Layer> layers = new ArrayList<>();
        int next = 0;
        for (int stage = 0; stage < stageChannels.size(); stage++) {
            int channels = stageChannels.get(stage);
            layers.add(new ChainGenome.Layer(STAGE_OP, "series", channels, stage == 0 ? 1 : 2));
            for (int layer = 0; layer < layersPerStage; layer++) {
                int choice = path[next++];
                if (choice < 0 || choice >= ops.size()) {
                    throw new IllegalArgumentException("layer choice " + choice + " outside 0.." + (ops.size() - 1));
                }
                layers.add(new ChainGenome.Layer(ops.get(choice), "series", channels, 1));
            }
        }
        return new ChainGenome(layers);
    }

    /** The supernet on {@code head}'s input, finished by the head. */
    public SupernetSpec supernet(TaskHead head) {
        Objects.requireNonNull(head, "head");
        ChainSpace space = space();
        List<SupernetNode> nodes = new ArrayList<>();
        List<ChoicePoint> points = new ArrayList<>();
        Shape shape = head.input();
        String current = NetworkSpec.INPUT;
        int layerIndex = 0;
        for (int stage = 0; stage < stageChannels.size(); stage++) {
            int channels = stageChannels.get(stage);
            ChainGenome.Layer opening = new ChainGenome.Layer(STAGE_OP, "series", channels, stage == 0 ? 1 : 2);
            NetworkSpec fixed = layer(space, opening, shape);
            String previous = current;
            for (int index = 0; index < fixed.nodes().size(); index++) {
                String id = "layer" + layerIndex + "_op" + index;
                nodes.add(new SupernetNode.Fixed(new Node(id, fixed.nodes().get(index).op(), List.of(previous))));
                previous = id;
            }
            current = previous;
            shape = NetworkAnalysis.of(fixed).outputShape();
            layerIndex++;
            for (int layer = 0; layer < layersPerStage; layer++) {
                List<CandidateOp> candidates = new ArrayList<>();
                for (String op : ops) {
                    NetworkSpec candidate = layer(space, new ChainGenome.Layer(op, "series", channels, 1), shape);
                    candidates.add(new CandidateOp(op, candidate.nodes().stream().map(Node::op).toList()));
                }
                String id = "layer" + layerIndex;
                points.add(new ChoicePoint(id, ops));
                nodes.add(new SupernetNode.Choice(id, points.size() - 1, current, candidates));
                current = id;
                layerIndex++;
            }
        }
        NetworkSpec.Builder tail = NetworkSpec.builder(shape);
        String headOutput = head.attach(tail, NetworkSpec.INPUT);
        for (Node node : tail.build(headOutput, head.loss()).nodes()) {
            String last = current;
            List<String> inputs = node.inputs().stream().map(input -> input.equals(NetworkSpec.INPUT) ? last : input)
                    .toList();
            nodes.add(new SupernetNode.Fixed(new Node(node.id(), node.op(), inputs)));
        }
        return new SupernetSpec(head.input(), nodes, headOutput, head.loss(), points);
    }

    /** One chain layer on an input of {@code shape}, as the chain space decodes it; its nodes form a chain. */
    private static NetworkSpec layer(ChainSpace space, ChainGenome.Layer layer, Shape shape) {
        NetworkSpec spec = space.decode(ChainGenome.of(layer), new BareHead(shape));
        String previous = NetworkSpec.INPUT;
        for (Node node : spec.nodes()) {
            if (!node.inputs().equals(List.of(previous))) {
                throw new IllegalArgumentException("layer " + layer + " is not a chain of ops: node " + node.id()
                        + " reads " + node.inputs());
            }
            previous = node.id();
        }
        return spec;
    }

    /** A head that adds nothing: the decoded layer is the whole network. */
    private record BareHead(Shape input) implements TaskHead {
        @Override
        public String attach(NetworkSpec.Builder builder, String features) {
            return features;
        }

        @Override
        public Loss loss() {
            return Loss.SOFTMAX_CROSS_ENTROPY;
        }
    }
}
