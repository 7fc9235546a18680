package io.nas4j.tasks.detection;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.tasks.classification.Digits;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A generated detection set made of real handwritten digits: black square canvases with one to a few UCI
 * digits each ({@link Digits}), every digit enlarged from 8x8 by a random factor and placed at a random
 * spot where its ink does not touch another digit's, its box the exact extent of its ink (the rows and
 * columns of the 8x8 original with any ink, scaled). Ten classes, the digits 0 to 9; pixel values in
 * [0, 1]; where enlarged digits' frames overlap the brighter pixel wins.
 *
 * <p>Everything is drawn from the seed ({@link SplittableRandom}), so the same arguments give the same set.
 * Build the parts of a task from disjoint sets of source digits (see {@code DetectionTask.digitCanvases}) so
 * that no handwritten digit appears in two parts.
 */
public final class DigitCanvases {

    /** The class names: the digits. */
    public static final List<String> CLASSES = IntStream.range(0, 10).mapToObj(String::valueOf).toList();

    private static final int SOURCE = 8;
    private static final int PLACEMENT_TRIES = 30;

    private DigitCanvases() {
    }

    /**
     * {@code count} canvases of {@code size x size} pixels, each with {@code 1..maxDigits} digits of
     * {@code source} (8x8 images valued 0..16, labels 0..9) enlarged by a factor in
     * {@code [minScale, maxScale]}.
     */
    public static DetectionDataset generate(String name, Dataset source, int count, int size, int maxDigits,
                                            double minScale, double maxScale, long seed) {
        if (!source.inputShape().equals(Digits.SHAPE)) {
            throw new IllegalArgumentException("digit canvases need 8x8 digits, " + source.name() + " has "
                    + source.inputShape());
        }
        if (count < 1 || maxDigits < 1 || !(minScale >= 1 && maxScale >= minScale) || size < Math.ceil(SOURCE * maxScale)) {
            throw new IllegalArgumentException("need count >= 1, maxDigits >= 1, 1 <= minScale <= maxScale and a canvas of"
                    + " at least " + (int) Math.ceil(SOURCE * maxScale) + " pixels");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[count * size * size];
        List<List<GroundTruth>> objects = new ArrayList<>();
        float[] digit = new float[SOURCE * SOURCE];
        for (int canvas = 0; canvas < count; canvas++) {
            int wanted = 1 + random.nextInt(maxDigits);
            List<GroundTruth> placed = new ArrayList<>();
            for (int tries = 0; placed.size() < wanted && tries < PLACEMENT_TRIES * wanted; tries++) {
                int index = random.nextInt(source.size());
                int side = (int) Math.round(SOURCE * (minScale + random.nextDouble() * (maxScale - minScale)));
                int left = random.nextInt(size - side + 1);
                int top = random.nextInt(size - side + 1);
                source.copyInputs(new int[] {index}, digit);
                Box ink = ink(digit, side, left, top);
                if (ink == null || placed.stream().anyMatch(other -> overlaps(other.box(), ink))) {
                    continue;
                }
                draw(digit, side, left, top, images, canvas * size * size, size);
                placed.add(new GroundTruth(source.label(index), ink, false));
            }
            objects.add(placed);
        }
        return DetectionDataset.of(name, Shape.of(1, size, size), CLASSES, images, objects);
    }

    /** The box of the digit's ink once enlarged to {@code side} pixels at {@code (left, top)}; null without ink. */
    private static Box ink(float[] digit, int side, int left, int top) {
        int firstRow = SOURCE;
        int lastRow = -1;
        int firstColumn = SOURCE;
        int lastColumn = -1;
        for (int row = 0; row < SOURCE; row++) {
            for (int column = 0; column < SOURCE; column++) {
                if (digit[row * SOURCE + column] > 0) {
                    firstRow = Math.min(firstRow, row);
                    lastRow = Math.max(lastRow, row);
                    firstColumn = Math.min(firstColumn, column);
                    lastColumn = Math.max(lastColumn, column);
                }
            }
        }
        if (lastRow < 0) {
            return null;
        }
        double scale = (double) side / SOURCE;
        return new Box(left + firstColumn * scale, top + firstRow * scale, left + (lastColumn + 1) * scale,
                top + (lastRow + 1) * scale);
    }

    private static boolean overlaps(Box first, Box second) {
        return Math.min(first.x2(), second.x2()) > Math.max(first.x1(), second.x1())
                && Math.min(first.y2(), second.y2()) > Math.max(first.y1(), second.y1());
    }

    /** Bilinear enlargement of the 8x8 digit (values 0..16) to {@code side} pixels, drawn with max. */
    private static void draw(float[] digit, int side, int left, int top, float[] images, int offset, int size) {
        double scale = (double) SOURCE / side;
        for (int y = 0; y < side; y++) {
            double sourceY = Math.max(0, Math.min(SOURCE - 1, (y + 0.5) * scale - 0.5));
            int y0 = (int) Math.floor(sourceY);
            int y1 = Math.min(SOURCE - 1, y0 + 1);
            double fy = sourceY - y0;
            for (int x = 0; x < side; x++) {
                double sourceX = Math.max(0, Math.min(SOURCE - 1, (x + 0.5) * scale - 0.5));
                int x0 = (int) Math.floor(sourceX);
                int x1 = Math.min(SOURCE - 1, x0 + 1);
                double fx = sourceX - x0;
                double value = (1 - fy) * ((1 - fx) * digit[y0 * SOURCE + x0] + fx * digit[y0 * SOURCE + x1])
                        + fy * ((1 - fx) * digit[y1 * SOURCE + x0] + fx * digit[y1 * SOURCE + x1]);
                int position = offset + (top + y) * size + left + x;
                images[position] = Math.max(images[position], (float) (value / Digits.MAXIMUM_PIXEL));
            }
        }
    }
}
