package io.nas4j.backend.tensorflow;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.supernet.CandidateOp;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ops of a supernet as its TensorFlow graph knows them, worked out from the spec alone (no TensorFlow):
 * every fixed node by its id and every op of every candidate by a {@link #key}, each with the name prefix of
 * its variables, its index in the graph's activity vector, its output shape, whether gradients reach it, and
 * which ops a path's subnet is made of. Immutable.
 */
final class SupernetLayout {

    private final SupernetSpec spec;
    /** The TensorFlow name prefix of each supernet op: fixed nodes by id, candidate ops by {@link #key}. */
    private final Map<String, String> prefixes;
    /** The ops whose variables receive gradients (a path to the output that passes no zero op). */
    private final Set<String> reached;
    private final Map<String, Integer> indices = new HashMap<>();

    SupernetLayout(SupernetSpec spec) {
        this.spec = spec;
        this.prefixes = prefixes(spec);
        this.reached = reached(spec);
        for (String op : prefixes.keySet()) {
            indices.put(op, indices.size());
        }
    }

    /** The name of op {@code op} of candidate {@code candidate} of choice node {@code choice}. */
    static String key(String choice, int candidate, int op) {
        return choice + "#" + candidate + "." + op;
    }

    /** The variable name prefix of every op, in the spec's order. */
    Map<String, String> prefixes() {
        return prefixes;
    }

    /** The op's position in {@link #prefixes()}' order. */
    int index(String op) {
        return indices.get(op);
    }

    /** How many ops the supernet has. */
    int size() {
        return prefixes.size();
    }

    /** Whether a gradient of the output reaches the op's variables. */
    boolean reached(String op) {
        return reached.contains(op);
    }

    /** The output shape of every candidate op, by {@link #key}. */
    Map<String, Shape> candidateShapes() {
        return candidateShapes(spec);
    }

    /** The nodes the output depends on, in topological order. */
    List<SupernetNode> liveNodes() {
        return liveNodes(spec);
    }

    /**
     * The supernet ops of {@code path}'s subnet in the subnet's node order: every fixed node and the ops of
     * each picked candidate.
     */
    List<String> pathKeys(int[] path) {
        List<String> keys = new ArrayList<>();
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed) {
                keys.add(node.id());
            } else if (node instanceof SupernetNode.Choice choice) {
                int candidate = path[choice.point()];
                for (int index = 0; index < choice.candidates().get(candidate).ops().size(); index++) {
                    keys.add(key(choice.id(), candidate, index));
                }
            }
        }
        return keys;
    }

    /** The supernet ops of {@code path}'s subnet. */
    Set<String> pathOps(int[] path) {
        return new HashSet<>(pathKeys(path));
    }

    private static Map<String, String> prefixes(SupernetSpec spec) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        int index = 0;
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed) {
                prefixes.put(node.id(), "s" + index++ + "_" + safe(node.id()));
            } else if (node instanceof SupernetNode.Choice choice) {
                for (int candidate = 0; candidate < choice.candidates().size(); candidate++) {
                    for (int op = 0; op < choice.candidates().get(candidate).ops().size(); op++) {
                        prefixes.put(key(choice.id(), candidate, op),
                                "s" + index++ + "_" + safe(choice.id()) + "_c" + candidate + "_op" + op);
                    }
                }
            }
        }
        return prefixes;
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }

    /**
     * The output shape of every candidate op, by {@link #key}: from the subnet in which the op's point picks
     * its candidate (the other points pick their first), whose analysis names the op's node.
     */
    private static Map<String, Shape> candidateShapes(SupernetSpec spec) {
        Map<String, Shape> shapes = new HashMap<>();
        for (int point = 0; point < spec.points().size(); point++) {
            for (int option = 0; option < spec.points().get(point).size(); option++) {
                int[] path = new int[spec.points().size()];
                path[point] = option;
                Map<String, Shape> subnet = NetworkAnalysis.of(spec.discrete(path)).shapes();
                for (SupernetNode.Choice choice : spec.choiceNodes()) {
                    if (choice.point() != point) {
                        continue;
                    }
                    int count = choice.candidates().get(option).ops().size();
                    for (int op = 0; op < count; op++) {
                        shapes.put(key(choice.id(), option, op), subnet.get(SupernetSpec.opId(choice.id(), op, count)));
                    }
                }
            }
        }
        return shapes;
    }

    /** The ops (fixed node ids and candidate op keys) from which the output is reached through no zero op. */
    private static Set<String> reached(SupernetSpec spec) {
        Map<String, SupernetNode> byId = new HashMap<>();
        spec.nodes().forEach(node -> byId.put(node.id(), node));
        Set<String> visited = new HashSet<>();
        Set<String> ops = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(spec.output()));
        while (!pending.isEmpty()) {
            String id = pending.pop();
            SupernetNode node = byId.get(id);
            if (node == null || !visited.add(id)) {
                continue;
            }
            if (node instanceof SupernetNode.Fixed fixed) {
                if (!(fixed.node().op() instanceof Op.Zero)) {
                    ops.add(id);
                    pending.addAll(node.inputs());
                }
            } else if (node instanceof SupernetNode.Choice choice) {
                for (int candidate = 0; candidate < choice.candidates().size(); candidate++) {
                    CandidateOp op = choice.candidates().get(candidate);
                    if (!op.isZero()) {
                        for (int index = 0; index < op.ops().size(); index++) {
                            ops.add(key(choice.id(), candidate, index));
                        }
                        pending.add(choice.input());
                    }
                }
            }
        }
        return ops;
    }

    /** The nodes the output depends on, in topological order. */
    private static List<SupernetNode> liveNodes(SupernetSpec spec) {
        Set<String> needed = new HashSet<>(Set.of(spec.output()));
        List<SupernetNode> nodes = spec.nodes();
        for (int index = nodes.size() - 1; index >= 0; index--) {
            if (needed.contains(nodes.get(index).id())) {
                needed.addAll(nodes.get(index).inputs());
            }
        }
        return nodes.stream().filter(node -> needed.contains(node.id())).toList();
    }
}
