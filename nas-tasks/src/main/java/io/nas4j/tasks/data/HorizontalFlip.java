package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;

import java.util.random.RandomGenerator;

/**
 * Mirrors examples along their last axis (the width of an image, the width of each slice of a volume), each
 * with probability {@code probability}. One uniform draw per example, whether or not it flips.
 *
 * @param probability the chance that an example is flipped, in [0, 1]
 */
public record HorizontalFlip(double probability) implements Augmentation {

    public HorizontalFlip {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public void apply(float[] batch, int count, Shape shape, RandomGenerator random) {
        int elements = Batches.check(batch, count, shape);
        if (shape.spatialDims() < 1) {
            throw new IllegalArgumentException("a horizontal flip needs a spatial axis, got shape " + shape);
        }
        int width = shape.dims().get(shape.rank() - 1);
        for (int example = 0; example < count; example++) {
            boolean flip = random.nextDouble() < probability;
            if (!flip) {
                continue;
            }
            for (int row = example * elements; row < (example + 1) * elements; row += width) {
                for (int left = row, right = row + width - 1; left < right; left++, right--) {
                    float swapped = batch[left];
                    batch[left] = batch[right];
                    batch[right] = swapped;
                }
            }
        }
    }
}
