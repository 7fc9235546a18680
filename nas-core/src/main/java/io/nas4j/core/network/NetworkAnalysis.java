package io.nas4j.core.network;

import java.util.Map;
import java.util.Optional;

/**
 * What the core knows about a {@link NetworkSpec} without any backend: per-node output shapes, trainable
 * parameters, buffers (batch-norm running statistics), multiply-adds and activation memory for one
 * example. Backends must agree with these numbers (the conformance kit checks).
 *
 * <p>A network whose shapes do not fit (a spatial extent that would fall below 1, mismatched inputs to
 * an add, a linear layer on a feature map) is not an error: {@link #valid()} is false and
 * {@link #invalidReason()} says which node failed and why.
 */
public interface NetworkAnalysis {

    static NetworkAnalysis of(NetworkSpec spec) {
        return ShapeInference.analyse(spec);
    }

    boolean valid();

    /** Why the network is invalid, naming the node; empty when valid. */
    Optional<String> invalidReason();

    /** Output shape of every node, the input included; empty when invalid. */
    Map<String, Shape> shapes();

    /** The output shape of the network. Throws {@link IllegalStateException} when invalid. */
    Shape outputShape();

    /** Trainable parameters. */
    long parameters();

    /** Non-trainable state (batch-norm running mean and variance). */
    long buffers();

    /** Multiply-accumulate operations for one example (convolutions, linear layers, gates). */
    long macs();

    /** Elements of all node outputs for one example, the input included. */
    long activationElements();

    /** Activation memory of one example in float32 bytes. */
    default long activationBytes() {
        return activationElements() * Float.BYTES;
    }
}
