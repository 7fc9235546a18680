package io.nas4j.core.latency;

import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;

import java.util.List;
import java.util.Objects;

/**
 * One distinct op configuration as a latency table keys it: the op with all its settings (type, channels,
 * kernel, stride, ...) and the shapes of its inputs (one example, channels first). Two nodes with equal
 * signatures cost the same time on one machine.
 */
public record OpSignature(Op op, List<Shape> inputs) {

    public OpSignature {
        Objects.requireNonNull(op, "op");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an op signature needs at least one input shape");
        }
    }

    /** The table key: the op's settings and its input shapes, stable across runs and machines. */
    public String key() {
        return op + " <- " + inputs;
    }

    /** The key of the fixed cost of running any network on inputs of {@code input}'s shape. */
    public static String networkKey(Shape input) {
        return "network <- " + input;
    }
}
