package io.nas4j.core.supernet;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The backend-neutral description of a weight-sharing supernet: a DAG like {@link NetworkSpec} whose
 * {@link SupernetNode.Choice} nodes hold the candidates of a {@link ChoicePoint}. A <em>path</em> picks one
 * candidate per choice point ({@code path[p]} indexes {@code points().get(p).candidates()}); the subnet of
 * a path is the plain network {@link #discrete} returns, which any {@link io.nas4j.core.port.TrainingBackend}
 * trains and the core's analysis measures (parameters, multiply-adds) without an engine.
 *
 * <p>Every candidate of a choice node must give the same output shape, so that candidates can be mixed
 * (DARTS) or swapped (SPOS); {@link #shapes()} checks it. In a subnet, choice node {@code X} becomes the
 * chain of its candidate's ops with ids {@code X_op0}, {@code X_op1}, ... and the last op keeps the id
 * {@code X}, so the nodes after it read it unchanged.
 *
 * @param input  the shape of one example
 * @param nodes  fixed and choice nodes in topological order
 * @param output the id of the output node
 * @param loss   the loss the network trains with
 * @param points the choice points, each used by at least one choice node
 */
public record SupernetSpec(Shape input, List<SupernetNode> nodes, String output, Loss loss, List<ChoicePoint> points) {

    public SupernetSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(loss, "loss");
        nodes = List.copyOf(nodes);
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a supernet needs at least one choice point");
        }
        Set<String> defined = new HashSet<>(Set.of(NetworkSpec.INPUT));
        boolean[] used = new boolean[points.size()];
        for (SupernetNode node : nodes) {
            for (String source : node.inputs()) {
                if (!defined.contains(source)) {
                    throw new IllegalArgumentException("node " + node.id() + " reads " + source
                            + ", which is not defined before it");
                }
            }
            if (!defined.add(node.id())) {
                throw new IllegalArgumentException("duplicate node id " + node.id());
            }
            if (node instanceof SupernetNode.Choice choice) {
                if (choice.point() >= points.size()) {
                    throw new IllegalArgumentException("choice node " + choice.id() + " names point " + choice.point()
                            + " of " + points.size());
                }
                List<String> options = points.get(choice.point()).options();
                List<String> names = choice.candidates().stream().map(CandidateOp::name).toList();
                if (!names.equals(options)) {
                    throw new IllegalArgumentException("choice node " + choice.id() + " has candidates " + names
                            + " but its point " + points.get(choice.point()).name() + " has options " + options);
                }
                used[choice.point()] = true;
            }
        }
        if (!defined.contains(output)) {
            throw new IllegalArgumentException("output node " + output + " does not exist");
        }
        for (int point = 0; point < used.length; point++) {
            if (!used[point]) {
                throw new IllegalArgumentException("choice point " + points.get(point).name() + " has no choice node");
            }
        }
    }

    /** Candidates per choice point. */
    public int[] sizes() {
        return points.stream().mapToInt(ChoicePoint::size).toArray();
    }

    /** The choice nodes, in topological order. */
    public List<SupernetNode.Choice> choiceNodes() {
        List<SupernetNode.Choice> choices = new ArrayList<>();
        for (SupernetNode node : nodes) {
            if (node instanceof SupernetNode.Choice choice) {
                choices.add(choice);
            }
        }
        return choices;
    }

    /** Throws {@link IllegalArgumentException} unless {@code path} picks a valid candidate for every point. */
    public void requirePath(int[] path) {
        Objects.requireNonNull(path, "path");
        if (path.length != points.size()) {
            throw new IllegalArgumentException("a path picks one candidate for each of " + points.size()
                    + " choice points, got " + path.length);
        }
        for (int point = 0; point < path.length; point++) {
            if (path[point] < 0 || path[point] >= points.get(point).size()) {
                throw new IllegalArgumentException("choice point " + points.get(point).name() + " has candidates 0 to "
                        + (points.get(point).size() - 1) + ", got " + path[point]);
            }
        }
    }

    /** The subnet of {@code path} as a plain network (see the class note for its node ids). */
    public NetworkSpec discrete(int[] path) {
        requirePath(path);
        List<Node> expanded = new ArrayList<>();
        for (SupernetNode node : nodes) {
            if (node instanceof SupernetNode.Fixed fixed) {
                expanded.add(fixed.node());
            } else if (node instanceof SupernetNode.Choice choice) {
                CandidateOp candidate = choice.candidates().get(path[choice.point()]);
                String previous = choice.input();
                for (int index = 0; index < candidate.ops().size(); index++) {
                    String id = opId(choice.id(), index, candidate.ops().size());
                    expanded.add(new Node(id, candidate.ops().get(index), List.of(previous)));
                    previous = id;
                }
            }
        }
        return new NetworkSpec(input, expanded, output, loss);
    }

    /** The id of op {@code index} of a candidate of {@code count} ops at choice node {@code choiceId} in a subnet. */
    public static String opId(String choiceId, int index, int count) {
        return index == count - 1 ? choiceId : choiceId + "_op" + index;
    }

    /** The names of the candidates a path picks, one per point, for example {@code edge0->1=nor_conv_3x3}. */
    public String describe(int[] path) {
        requirePath(path);
        StringBuilder text = new StringBuilder();
        for (int point = 0; point < path.length; point++) {
            text.append(point == 0 ? "" : " ").append(points.get(point).name()).append('=')
                    .append(points.get(point).options().get(path[point]));
        }
        return text.toString();
    }

    /**
     * The output shape of every node (the input included), checking that each candidate of each choice
     * node yields the same shape; throws {@link IllegalArgumentException} naming the first node or
     * candidate that does not fit.
     */
    public Map<String, Shape> shapes() {
        int widest = Arrays.stream(sizes()).max().orElseThrow();
        Map<String, Shape> shapes = null;
        for (int candidate = 0; candidate < widest; candidate++) {
            int[] path = new int[points.size()];
            for (int point = 0; point < path.length; point++) {
                path[point] = Math.min(candidate, points.get(point).size() - 1);
            }
            NetworkAnalysis analysis = NetworkAnalysis.of(discrete(path));
            if (!analysis.valid()) {
                throw new IllegalArgumentException("the subnet with candidate " + candidate + " at every choice point is"
                        + " invalid: " + analysis.invalidReason().orElseThrow());
            }
            if (shapes == null) {
                shapes = new HashMap<>();
                shapes.put(NetworkSpec.INPUT, input);
                for (SupernetNode node : nodes) {
                    shapes.put(node.id(), analysis.shapes().get(node.id()));
                }
            } else {
                for (SupernetNode.Choice choice : choiceNodes()) {
                    Shape shape = analysis.shapes().get(choice.id());
                    if (!shape.equals(shapes.get(choice.id()))) {
                        throw new IllegalArgumentException("choice node " + choice.id() + ": candidate "
                                + choice.candidates().get(path[choice.point()]).name() + " outputs " + shape
                                + " but candidate " + choice.candidates().get(0).name() + " outputs "
                                + shapes.get(choice.id()));
                    }
                }
            }
        }
        return Map.copyOf(shapes);
    }

    /** A path drawn uniformly at random, one candidate per point. */
    public int[] samplePath(java.util.random.RandomGenerator random) {
        int[] path = new int[points.size()];
        for (int point = 0; point < path.length; point++) {
            path[point] = random.nextInt(points.get(point).size());
        }
        return path;
    }
}
