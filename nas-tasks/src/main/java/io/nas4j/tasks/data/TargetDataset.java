package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;

import java.util.Objects;

/**
 * Examples with dense targets ({@link Dataset#targetShape()}): the inputs and labels of another data set
 * and one float tensor of {@code targetShape} per example, in one flat array (detection's per-anchor
 * targets, for example).
 *
 * @param images      the inputs and labels
 * @param targetShape the shape of one example's targets
 * @param targets     every example's targets, one after another
 */
public record TargetDataset(Dataset images, Shape targetShape, float[] targets) implements Dataset {

    public TargetDataset {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(targetShape, "targetShape");
        Objects.requireNonNull(targets, "targets");
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
        if (destination.length < (long) indices.length * width) {
            throw new IllegalArgumentException("destination holds " + destination.length + " values, "
                    + indices.length + " examples of targets " + targetShape + " need " + (long) indices.length * width);
        }
        for (int position = 0; position < indices.length; position++) {
            int index = Objects.checkIndex(indices[position], images.size());
            System.arraycopy(targets, index * width, destination, position * width, width);
        }
    }

    @Override
    public Dataset subset(int[] indices, String subsetName) {
        int width = Math.toIntExact(targetShape.elements());
        float[] selected = new float[Math.multiplyExact(indices.length, width)];
        copyTargets(indices, selected);
        return new TargetDataset(images.subset(indices, subsetName), targetShape, selected);
    }
}
