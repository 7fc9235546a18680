package io.nas4j.tasks.classification;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.TensorDataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The UCI optical recognition of handwritten digits set as scikit-learn ships it, embedded in this module
 * as the default dataset: 1,797 greyscale 8x8 images of the digits 0..9, each pixel a count 0..16 of the
 * "on" pixels of a 4x4 block of the 32x32 original. Source and licence (BSD-3-Clause):
 * {@code digits.LICENSE.txt} next to {@code digits.csv.gz} in this package's resources.
 *
 * <p>Contract: {@link #load()} returns the same immutable dataset on every call, named {@code digits},
 * shape {@code [1, 8, 8]}, 10 classes, the raw pixel values (normalise with
 * {@link io.nas4j.tasks.data.Normalization}). The resource is part of this jar, so a failure to read it is
 * a broken build and surfaces as {@link IllegalStateException}.
 */
public final class Digits {

    public static final String NAME = "digits";
    public static final Shape SHAPE = Shape.of(1, 8, 8);
    public static final int CLASSES = 10;
    public static final int SIZE = 1797;
    public static final int MAXIMUM_PIXEL = 16;

    private static final String RESOURCE = "digits.csv.gz";
    private static final int PIXELS = 64;

    private Digits() {
    }

    /** The whole set, parsed once per class loader. */
    public static TensorDataset load() {
        return Holder.DIGITS;
    }

    private static final class Holder {
        static final TensorDataset DIGITS = read();
    }

    private static TensorDataset read() {
        float[] pixels = new float[SIZE * PIXELS];
        int[] labels = new int[SIZE];
        try (InputStream resource = Digits.class.getResourceAsStream(RESOURCE)) {
            if (resource == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the nas-tasks jar");
            }
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(resource), StandardCharsets.US_ASCII));
            int row = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (row == SIZE) {
                    throw new IllegalStateException(RESOURCE + " has more than " + SIZE + " rows");
                }
                String[] fields = line.split(",");
                if (fields.length != PIXELS + 1) {
                    throw new IllegalStateException(RESOURCE + " row " + (row + 1) + " has " + fields.length
                            + " fields, expected " + (PIXELS + 1));
                }
                for (int pixel = 0; pixel < PIXELS; pixel++) {
                    pixels[row * PIXELS + pixel] = parse(fields[pixel], MAXIMUM_PIXEL, row);
                }
                labels[row] = parse(fields[PIXELS], CLASSES - 1, row);
                row++;
            }
            if (row != SIZE) {
                throw new IllegalStateException(RESOURCE + " has " + row + " rows, expected " + SIZE);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded " + RESOURCE, e);
        }
        return TensorDataset.of(NAME, SHAPE, CLASSES, pixels, labels);
    }

    private static int parse(String field, int maximum, int row) {
        int value = Integer.parseInt(field.trim());
        if (value < 0 || value > maximum) {
            throw new IllegalStateException(RESOURCE + " row " + (row + 1) + " holds " + value
                    + ", outside 0.." + maximum);
        }
        return value;
    }
}
