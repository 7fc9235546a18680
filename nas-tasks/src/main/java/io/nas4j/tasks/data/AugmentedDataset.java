package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;

import java.util.Objects;

/** A dataset's examples, unchanged, with an augmentation for backends to apply to training batches. */
record AugmentedDataset(Dataset data, Augmentation augmentation) implements Dataset {

    AugmentedDataset {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(augmentation, "augmentation");
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public Shape inputShape() {
        return data.inputShape();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int classes() {
        return data.classes();
    }

    @Override
    public int label(int index) {
        return data.label(index);
    }

    @Override
    public void copyInputs(int[] indices, float[] destination) {
        data.copyInputs(indices, destination);
    }

    @Override
    public Dataset subset(int[] indices, String name) {
        return new AugmentedDataset(data.subset(indices, name), augmentation);
    }
}
