package io.nas4j.core.port;

import io.nas4j.core.network.Shape;

/**
 * Labelled examples as float tensors, for training backends.
 *
 * <p>Contract: immutable and safe to read from several threads. Every example has the shape
 * {@link #inputShape()} (channels first, no batch axis); labels are class indices in
 * {@code [0, classes())}. Backends read examples in bulk through {@link #copyInputs}, so an
 * implementation may keep one flat array.
 *
 * <p>Dense targets: a dataset whose {@link #targetShape()} is not null carries, besides its labels, a
 * float tensor of that shape per example ({@link #copyTargets}), and a backend trains a network's loss
 * against those rather than against the labels: the {@link io.nas4j.core.network.Loss#DETECTION} loss
 * reads one row of {@link io.nas4j.core.network.DetectionLoss#TARGET_WIDTH} per anchor. Such datasets
 * still answer {@link #label} (a task may use it to stratify splits), but a backend does not score
 * them by class: task metrics come from {@code predict}. An augmentation applies to inputs only, so a
 * dataset with dense targets keeps {@link Augmentation#none()} unless its transformation leaves every
 * target valid.
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
     * The shape of one example's dense targets, or null (the default) when the dataset carries class
     * labels only.
     */
    default Shape targetShape() {
        return null;
    }

    /**
     * Copies the dense targets of the examples at {@code indices}, one after another, into
     * {@code destination} starting at 0; {@code destination} holds at least
     * {@code indices.length * targetShape().elements()} floats.
     *
     * @throws UnsupportedOperationException when {@link #targetShape()} is null (the default)
     */
    default void copyTargets(int[] indices, float[] destination) {
        throw new UnsupportedOperationException(name() + " carries class labels only, no dense targets");
    }

    /**
     * What a backend applies to each batch it trains on from this dataset (never when it evaluates or
     * predicts); {@link Augmentation#none()} unless the task asks for flips, crops and the like.
     */
    default Augmentation augmentation() {
        return Augmentation.none();
    }
}
