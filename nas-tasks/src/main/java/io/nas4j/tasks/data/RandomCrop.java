package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Pads each image with {@code padding} pixels on every side and crops it back to its size at a random
 * position, that is, shifts it by {@code -padding..padding} pixels vertically and horizontally. The uncovered
 * border is filled as {@code fill} says: with zeros (the channel mean once the data is normalised), or with
 * the nearest edge pixel (the background of images whose border is background, such as Fashion-MNIST's black).
 * Two draws per example: the vertical shift, then the horizontal one.
 *
 * @param padding the largest shift in pixels, at least 0 (0 leaves images unchanged)
 * @param fill    what the uncovered border holds
 */
public record RandomCrop(int padding, Fill fill) implements Augmentation {

    /** What fills the border a shift uncovers. */
    public enum Fill {
        /** Zeros: the channel mean of standardised data (CIFAR's usual padding). */
        ZERO,
        /** The nearest pixel of the image's edge (replicate padding). */
        EDGE
    }

    public RandomCrop {
        Objects.requireNonNull(fill, "fill");
        if (padding < 0) {
            throw new IllegalArgumentException("crop padding must be at least 0, got " + padding);
        }
    }

    /** A crop whose uncovered border holds zeros. */
    public RandomCrop(int padding) {
        this(padding, Fill.ZERO);
    }

    @Override
    public void apply(float[] batch, int count, Shape shape, RandomGenerator random) {
        int elements = Batches.check(batch, count, shape);
        if (shape.rank() != 3) {
            throw new IllegalArgumentException("a random crop needs images of shape [channels, height, width], "
                    + "got " + shape);
        }
        int channels = shape.channels();
        int height = shape.spatial(0);
        int width = shape.spatial(1);
        float[] original = new float[elements];
        for (int example = 0; example < count; example++) {
            int down = random.nextInt(2 * padding + 1) - padding;
            int across = random.nextInt(2 * padding + 1) - padding;
            if (down == 0 && across == 0) {
                continue;
            }
            int start = example * elements;
            System.arraycopy(batch, start, original, 0, elements);
            for (int channel = 0; channel < channels; channel++) {
                int plane = channel * height * width;
                for (int row = 0; row < height; row++) {
                    int sourceRow = row + down;
                    for (int column = 0; column < width; column++) {
                        int sourceColumn = column + across;
                        boolean inside = sourceRow >= 0 && sourceRow < height
                                && sourceColumn >= 0 && sourceColumn < width;
                        float value;
                        if (inside) {
                            value = original[plane + sourceRow * width + sourceColumn];
                        } else if (fill == Fill.EDGE) {
                            value = original[plane + clamp(sourceRow, height) * width + clamp(sourceColumn, width)];
                        } else {
                            value = 0f;
                        }
                        batch[start + plane + row * width + column] = value;
                    }
                }
            }
        }
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }
}
