package io.nas4j.core.port;

import io.nas4j.core.network.Shape;

/**
 * Labelled examples as float tensors, for training backends.
 *
 * <p>Contract: immutable and safe to read from several threads. Every example has the shape
 * {@link #inputShape()} (channels first, no batch axis); labels are class indices in
 * {@code [0, classes())}. Backends read examples in bulk through {@link #copyInputs}, so an
 * implementation may keep one flat array.
 */
public interface Dataset {

    /** A short name for logs and results, for example {@code digits/train}. */
    String name();

    Shape inputShape();

    int size();

    int classes();

    /** The class index of example {@code index}. */
    int label(int index);

    /**
     * Copies the inputs of the examples at {@code indices}, one after another, into {@code destination}
     * starting at 0; {@code destination} holds at least {@code indices.length * inputShape().elements()} floats.
     */
    void copyInputs(int[] indices, float[] destination);

    /** The examples at {@code indices}, in that order, as a dataset of their own (keeping the augmentation). */
    Dataset subset(int[] indices, String name);

    /**
     * What a backend applies to each batch it trains on from this dataset (never when it evaluates or
     * predicts); {@link Augmentation#none()} unless the task asks for flips, crops and the like.
     */
    default Augmentation augmentation() {
        return Augmentation.none();
    }
}
