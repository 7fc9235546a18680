package io.nas4j.core.port;

import io.nas4j.core.network.Shape;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A random transformation of training examples, applied by a training backend to each training batch
 * after it has copied the batch's inputs out of a {@link Dataset} (whose {@link Dataset#augmentation()}
 * it is) and before the forward pass; never to validation, test or prediction batches. Datasets stay
 * immutable and deterministic; the randomness lives in a generator the backend derives from the
 * training plan's seed, so the same plan gives the same augmented batches.
 *
 * <p>Contract ({@code @implSpec} for implementations): {@link #apply} changes, in place, the first
 * {@code count * shape.elements()} values of {@code batch} ({@code count} examples one after another, each
 * channels first in {@code shape}) and nothing else; its only randomness is {@code random}, and what it
 * draws does not depend on the values in the batch, so the same generator state and batch give the same
 * result and later batches see the same generator state whatever this batch held. It keeps
 * no state between calls and is safe to share between threads that use their own generators. It throws
 * {@link IllegalArgumentException} for a shape it cannot transform or a batch shorter than declared.
 * Flips and crops for images are in {@code io.nas4j.tasks.data.Augmentations}.
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

    /** Whether this augmentation leaves every batch as it is (backends may skip calling it). */
    default boolean isNone() {
        return this == NONE;
    }

    /** Leaves every batch as it is. */
    static Augmentation none() {
        return NONE;
    }

    /** The augmentation that changes nothing; it still checks its arguments. */
    Augmentation NONE = (batch, count, shape, random) -> {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(shape, "shape");
        if (count < 0) {
            throw new IllegalArgumentException("example count must be at least 0, got " + count);
        }
        if (batch.length < count * shape.elements()) {
            throw new IllegalArgumentException("the batch holds " + batch.length + " values, " + count
                    + " examples of shape " + shape + " need " + count * shape.elements());
        }
    };
}
