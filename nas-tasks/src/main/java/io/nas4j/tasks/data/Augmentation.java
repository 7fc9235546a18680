package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A random transformation of training examples, applied by a training backend to each batch after it has
 * copied the batch's inputs out of the {@link io.nas4j.core.port.Dataset} and before the forward pass.
 * Datasets stay immutable and deterministic; the randomness lives in the generator the backend owns.
 *
 * <p>Contract ({@code @implSpec} for implementations): {@link #apply} changes, in place, the first
 * {@code count * shape.elements()} values of {@code batch} ({@code count} examples one after another, each
 * channels first in {@code shape}) and nothing else; its only randomness is {@code random}, and what it
 * draws does not depend on the values in the batch, so the same generator state and batch give the same
 * result and later batches see the same generator state whatever this batch held. It keeps
 * no state between calls and is safe to share between threads that use their own generators. It throws
 * {@link IllegalArgumentException} for a shape it cannot transform or a batch shorter than declared.
 */
@FunctionalInterface
public interface Augmentation {

    void apply(float[] batch, int count, Shape shape, RandomGenerator random);

    /** This augmentation, then {@code next} on its result. */
    default Augmentation andThen(Augmentation next) {
        Objects.requireNonNull(next, "next");
        return (batch, count, shape, random) -> {
            apply(batch, count, shape, random);
            next.apply(batch, count, shape, random);
        };
    }

    /** Leaves every batch as it is. */
    static Augmentation none() {
        return (batch, count, shape, random) -> Batches.check(batch, count, shape);
    }

    /** Mirrors each example left to right with probability {@code probability}. */
    static Augmentation horizontalFlip(double probability) {
        return new HorizontalFlip(probability);
    }

    /**
     * Shifts each image by up to {@code padding} pixels in each direction, filling with zeros: the usual
     * "pad by {@code padding}, crop back at a random position" of CIFAR training.
     */
    static Augmentation randomCrop(int padding) {
        return new RandomCrop(padding);
    }

    /** The CIFAR recipe: a random crop with 4 pixels of padding, then a flip with probability one half. */
    static Augmentation standardImage() {
        return randomCrop(4).andThen(horizontalFlip(0.5));
    }
}
