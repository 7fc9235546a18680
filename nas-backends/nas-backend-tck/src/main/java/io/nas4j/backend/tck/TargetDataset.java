package io.nas4j.backend.tck;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;

import java.util.Objects;

/**
 * Examples with dense targets ({@link Dataset#targetShape()}): the inputs and labels of an
 * {@link ArrayDataset} and one float tensor of {@code targetShape} per example, in one flat array.
 *
 * @param images      the inputs and labels
 * @param targetShape the shape of one example's targets
 * @param targets     every example's targets, one after another
 */
public record TargetDataset(ArrayDataset images, Shape targetShape, float[] targets) implements Dataset {

    public TargetDataset {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(targetShape, "targetShape");
        if (targets.length != images.size() * targetShape.elements()) {
            throw new IllegalArgumentException("targets do not match " + images.size() + " examples of " + targetShape);
        }
    }

    @Override
    public String name() {
        return images.name();
    }

    @Override
    public Shape inputShape() {
        return images.inputShape();
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int classes() {
        return images.classes();
    }

    @Override
    public int label(int index) {
        return images.label(index);
    }

    @Override
    public void copyInputs(int[] indices, float[] destination) {
        images.copyInputs(indices, destination);
    }

    @Override
    public void copyTargets(int[] indices, float[] destination) {
        int width = Math.toIntExact(targetShape.elements());
        for (int row = 0; row < indices.length; row++) {
            System.arraycopy(targets, indices[row] * width, destination, row * width, width);
        }
    }

    @Override
    public Dataset subset(int[] indices, String name) {
        float[] values = new float[Math.toIntExact(indices.length * targetShape.elements())];
        copyTargets(indices, values);
        return new TargetDataset((ArrayDataset) images.subset(indices, name), targetShape, values);
    }
}
