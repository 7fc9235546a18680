package io.nas4j.core.supernet;

import io.nas4j.core.network.Node;

import java.util.List;
import java.util.Objects;

/** A node of a {@link SupernetSpec}: a fixed IR node, or a choice node that applies one (or a mix) of its candidates. */
public sealed interface SupernetNode {

    String id();

    List<String> inputs();

    /** A node every subnet shares, with its op. */
    record Fixed(Node node) implements SupernetNode {
        public Fixed {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String id() {
            return node.id();
        }

        @Override
        public List<String> inputs() {
            return node.inputs();
        }
    }

    /**
     * A node whose value is one of {@code candidates} applied to {@code input}: in a subnet, the candidate
     * that its choice point {@code point} picks (candidate {@code k} is the point's option {@code k}); in a
     * DARTS supernet, the sum of all weighted by the softmax of the point's architecture weights.
     */
    record Choice(String id, int point, String input, List<CandidateOp> candidates) implements SupernetNode {
        public Choice {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(input, "input");
            candidates = List.copyOf(candidates);
            if (point < 0) {
                throw new IllegalArgumentException("choice node " + id + " names point " + point);
            }
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }
}
