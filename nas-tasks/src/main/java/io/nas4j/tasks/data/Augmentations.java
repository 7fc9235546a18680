package io.nas4j.tasks.data;

import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;

/** The image augmentations a task can ask its backend for, and training data that carries one. */
public final class Augmentations {

    private Augmentations() {
    }

    /** Mirrors each example left to right with probability {@code probability}. */
    public static Augmentation horizontalFlip(double probability) {
        return new HorizontalFlip(probability);
    }

    /**
     * Shifts each image by up to {@code padding} pixels in each direction, filling with zeros: the usual
     * "pad by {@code padding}, crop back at a random position" of CIFAR training.
     */
    public static Augmentation randomCrop(int padding) {
        return new RandomCrop(padding);
    }

    /** The CIFAR recipe: a random crop with 4 pixels of padding, then a flip with probability one half. */
    public static Augmentation standardImage() {
        return randomCrop(4).andThen(horizontalFlip(0.5));
    }

    /**
     * {@code data} with {@code augmentation} as what backends apply to its training batches; its subsets
     * keep it. With {@link Augmentation#none()}, {@code data} itself.
     */
    public static Dataset augmented(Dataset data, Augmentation augmentation) {
        return augmentation.isNone() ? data : new AugmentedDataset(data, augmentation);
    }
}
