package io.nas4j.core.network;

/**
 * What a task adds to a searched body: the input shape the body sees, the layers after the body's last
 * feature map, and the loss. Search spaces decode a genome into a body and let the head finish the network.
 */
public interface TaskHead {

    /** The shape of one input example. */
    Shape input();

    /**
     * Appends the head to {@code builder} after node {@code features} and returns the output node's id.
     */
    String attach(NetworkSpec.Builder builder, String features);

    Loss loss();
}
