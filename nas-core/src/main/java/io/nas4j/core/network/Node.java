package io.nas4j.core.network;

import java.util.List;
import java.util.Objects;

/**
 * One node of the network IR: an op applied to the outputs of earlier nodes (or the network input,
 * named {@value NetworkSpec#INPUT}).
 */
public record Node(String id, Op op, List<String> inputs) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(op, "op");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("node " + id + " has no inputs");
        }
    }
}
