package io.nas4j.backend.tck;

import io.nas4j.core.network.Shape;

import java.util.Random;

/**
 * A small, deterministic image task for backend tests: 8x8 one-channel images of a horizontal,
 * vertical or diagonal bar at a random position, with Gaussian noise. Three classes; a small CNN
 * separates them in a few epochs, a linear model on the pixels does not reach the same accuracy
 * as quickly because the bars move.
 */
public final class Bars {

    public static final Shape SHAPE = Shape.of(1, 8, 8);
    public static final int CLASSES = 3;

    private Bars() {
    }

    public static ArrayDataset generate(String name, int count, long seed, double noise) {
        Random random = new Random(seed);
        float[] inputs = new float[count * 64];
        int[] labels = new int[count];
        for (int example = 0; example < count; example++) {
            int label = example % CLASSES;
            labels[example] = label;
            int offset = random.nextInt(8);
            boolean anti = random.nextBoolean();
            for (int row = 0; row < 8; row++) {
                for (int column = 0; column < 8; column++) {
                    boolean on = switch (label) {
                        case 0 -> row == offset;
                        case 1 -> column == offset;
                        default -> anti ? row + column == 7 + (offset % 3) - 1 : row - column == (offset % 3) - 1;
                    };
                    inputs[example * 64 + row * 8 + column] = (on ? 1f : 0f) + (float) (noise * random.nextGaussian());
                }
            }
        }
        return new ArrayDataset(name, SHAPE, CLASSES, inputs, labels);
    }

    /**
     * Bars stacked into volumes of {@code depth} slices of one image each (the bar runs through the depth),
     * shape {@code [1, depth, 8, 8]}: the same task in three spatial dimensions.
     */
    public static ArrayDataset volumes(String name, int count, long seed, double noise, int depth) {
        ArrayDataset images = generate(name, count, seed, noise);
        float[] volumes = new float[count * depth * 64];
        for (int example = 0; example < count; example++) {
            for (int slice = 0; slice < depth; slice++) {
                System.arraycopy(images.inputs(), example * 64, volumes, (example * depth + slice) * 64, 64);
            }
        }
        return new ArrayDataset(name, Shape.of(1, depth, 8, 8), CLASSES, volumes, images.labels());
    }
}
