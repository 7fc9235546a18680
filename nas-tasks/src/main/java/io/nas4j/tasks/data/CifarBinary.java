package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads the CIFAR-10 binary format: files of fixed 3,073-byte records, one label byte (0..9) followed by a
 * 32x32 colour image as 1,024 red, 1,024 green and 1,024 blue bytes, each plane row by row. That is
 * already channels first, so examples get shape {@code [3, 32, 32]} with the raw values 0..255.
 *
 * <p>Contract: a file whose length is not a whole number of records, or a label outside 0..9, throws an
 * {@link IOException} naming the file (and the record).
 */
public final class CifarBinary {

    /** The shape of one CIFAR-10 example. */
    public static final Shape SHAPE = Shape.of(3, 32, 32);

    /** CIFAR-10's class count. */
    public static final int CLASSES = 10;

    private static final int PIXELS = 3 * 32 * 32;
    private static final int RECORD_BYTES = 1 + PIXELS;

    private CifarBinary() {
    }

    /**
     * The records of {@code files}, in order, as one dataset named {@code name}.
     *
     * @throws java.nio.file.NoSuchFileException when a file is missing
     * @throws IOException                       when a file is not a whole number of records or holds a
     *                                           label outside 0..9
     */
    public static TensorDataset read(String name, List<Path> files) throws IOException {
        Objects.requireNonNull(name, "name");
        long total = 0;
        for (Path file : files) {
            long bytes = Files.size(file);
            if (bytes % RECORD_BYTES != 0) {
                throw new IOException(file + ": " + bytes + " bytes is not a whole number of CIFAR-10 records "
                        + "(1 label byte and " + PIXELS + " pixel bytes each)");
            }
            total += bytes / RECORD_BYTES;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new IOException("the " + total + " records of " + files + " do not fit one Java array");
        }
        float[] pixels = new float[(int) total * PIXELS];
        int[] labels = new int[(int) total];
        int example = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (int record = 0; record < bytes.length / RECORD_BYTES; record++, example++) {
                int start = record * RECORD_BYTES;
                int label = bytes[start] & 0xFF;
                if (label >= CLASSES) {
                    throw new IOException(file + ": record " + record + " has label " + label
                            + ", CIFAR-10 labels are 0..9");
                }
                labels[example] = label;
                int target = example * PIXELS;
                for (int offset = 0; offset < PIXELS; offset++) {
                    pixels[target + offset] = bytes[start + 1 + offset] & 0xFF;
                }
            }
        }
        return TensorDataset.wrap(name, SHAPE, CLASSES, pixels, labels);
    }
}
