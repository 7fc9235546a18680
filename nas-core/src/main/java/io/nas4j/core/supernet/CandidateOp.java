package io.nas4j.core.supernet;

import io.nas4j.core.network.Op;

import java.util.List;
import java.util.Objects;

/**
 * One candidate operation of a {@link ChoicePoint}: a chain of IR ops applied one after another to the
 * input of the choice node that picks it, for example ReLU, a 3x3 convolution and batch norm.
 *
 * @param name a name unique within its choice point, for example {@code nor_conv_3x3}
 * @param ops  at least one op; each reads the output of the one before it
 */
public record CandidateOp(String name, List<Op> ops) {

    public CandidateOp {
        Objects.requireNonNull(name, "name");
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("candidate " + name + " needs at least one op");
        }
    }

    public static CandidateOp of(String name, Op... ops) {
        return new CandidateOp(name, List.of(ops));
    }

    /** Whether the candidate outputs zeros whatever its input (the "none" edge of a cell). */
    public boolean isZero() {
        return ops.size() == 1 && ops.get(0) instanceof Op.Zero;
    }

    /**
     * Whether the candidate learns nothing: none of its ops transforms with weights (no convolution, linear
     * layer, attention gate, fusion or head; batch norm's scale and shift do not count). Skip connections,
     * pooling and the zero op are parameter-free.
     */
    public boolean isParameterFree() {
        return ops.stream().noneMatch(op -> op instanceof Op.Conv || op instanceof Op.DepthwiseConv
                || op instanceof Op.Linear || op instanceof Op.AttentionGate || op instanceof Op.MultiScaleFusion
                || op instanceof Op.DetectionHead);
    }

    /** Whether the candidate passes its input through unchanged (a skip connection). */
    public boolean isIdentity() {
        return ops.size() == 1 && ops.get(0) instanceof Op.Identity;
    }
}
