package io.nas4j.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The backend-neutral network IR: a DAG of typed nodes in topological order, an input shape, the node
 * whose value is the output, and the declared loss. Pure data; {@link NetworkAnalysis} infers shapes and
 * counts parameters, multiply-adds and activation memory.
 *
 * <p>Construction checks only structure (unique ids, inputs defined before use, the output exists);
 * whether shapes fit is the analysis's question, so a searched but impossible network is reported as
 * invalid with its reason rather than thrown at construction.
 */
public record NetworkSpec(Shape input, List<Node> nodes, String output, Loss loss) {

    /** The id by which nodes refer to the network input. */
    public static final String INPUT = "input";

    public NetworkSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(loss, "loss");
        nodes = List.copyOf(nodes);
        Set<String> defined = new HashSet<>();
        defined.add(INPUT);
        for (Node node : nodes) {
            for (String source : node.inputs()) {
                if (!defined.contains(source)) {
                    throw new IllegalArgumentException("node " + node.id() + " reads " + source
                            + ", which is not defined before it");
                }
            }
            if (!defined.add(node.id())) {
                throw new IllegalArgumentException("duplicate node id " + node.id());
            }
        }
        if (!defined.contains(output)) {
            throw new IllegalArgumentException("output node " + output + " does not exist");
        }
    }

    /** The node with this id. */
    public Node node(String id) {
        for (Node node : nodes) {
            if (node.id().equals(id)) {
                return node;
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    /** Nodes by id, in topological order. */
    public Map<String, Node> nodesById() {
        Map<String, Node> byId = new LinkedHashMap<>();
        for (Node node : nodes) {
            byId.put(node.id(), node);
        }
        return byId;
    }

    public static Builder builder(Shape input) {
        return new Builder(input);
    }

    /** Builds a spec node by node; ids are made unique by suffixing a counter when a name repeats. */
    public static final class Builder {
        private final Shape input;
        private final List<Node> nodes = new ArrayList<>();
        private final Set<String> ids = new HashSet<>(Set.of(INPUT));

        private Builder(Shape input) {
            this.input = Objects.requireNonNull(input, "input");
        }

        public Shape input() {
            return input;
        }

        /** The number of nodes added so far. */
        public int size() {
            return nodes.size();
        }

        /** Adds a node named {@code name} (made unique if taken) and returns its id. */
        public String add(String name, Op op, String... inputs) {
            return add(name, op, Arrays.asList(inputs));
        }

        public String add(String name, Op op, List<String> inputs) {
            String id = name;
            for (int suffix = 1; ids.contains(id); suffix++) {
                id = name + "_" + suffix;
            }
            ids.add(id);
            nodes.add(new Node(id, op, inputs));
            return id;
        }

        public NetworkSpec build(String output, Loss loss) {
            return new NetworkSpec(input, nodes, output, loss);
        }
    }
}
