package io.nas4j.tasks.data;

import io.nas4j.core.network.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads an image classification set published as four IDX files in one directory, the layout of MNIST and
 * Fashion-MNIST: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally gzip-compressed
 * ({@code .gz}). The variant spelling with a dot ({@code train-images.idx3-ubyte}), which some archives
 * use, is found as well.
 *
 * <p>Contract: image files hold unsigned bytes with dimensions {@code [count, rows, columns]}, label files
 * unsigned bytes with dimensions {@code [count]}, and the counts agree; examples get shape
 * {@code [1, rows, columns]} with the raw pixel values 0..255 (normalise with {@link Normalization}).
 * Anything else throws an {@link IOException} naming the file.
 */
public final class IdxSets {

    private IdxSets() {
    }

    /**
     * Loads the set in {@code directory}, with labels checked against {@code classes}.
     *
     * @param name the dataset's name; the parts are named {@code name/train} and {@code name/test}
     * @throws NoSuchFileException when a file is missing; the message lists the names looked for
     * @throws IOException         when a file is malformed or the files disagree
     */
    public static TrainTest load(Path directory, String name, int classes) throws IOException {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        return load(directory, name, Integer.valueOf(classes));
    }

    /**
     * Loads the set in {@code directory} with as many classes as the largest label (training or test)
     * plus one.
     */
    public static TrainTest load(Path directory, String name) throws IOException {
        return load(directory, name, (Integer) null);
    }

    private static TrainTest load(Path directory, String name, Integer classes) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        Part train = readPart(directory, "train");
        Part test = readPart(directory, "t10k");
        if (!train.shape.equals(test.shape)) {
            throw new IOException(test.imagesFile + ": images of shape " + test.shape + " do not match the "
                    + "training images of shape " + train.shape + " in " + train.imagesFile);
        }
        int classCount = classes != null ? classes : Math.max(maximum(train.labels), maximum(test.labels)) + 1;
        checkLabels(train, classCount);
        checkLabels(test, classCount);
        return new TrainTest(name,
                TensorDataset.wrap(name + "/train", train.shape, classCount, train.pixels, train.labels),
                TensorDataset.wrap(name + "/test", test.shape, classCount, test.pixels, test.labels));
    }

    private record Part(Path imagesFile, Path labelsFile, Shape shape, float[] pixels, int[] labels) {
    }

    private static Part readPart(Path directory, String prefix) throws IOException {
        Path imagesFile = find(directory, prefix + "-images", "idx3-ubyte");
        Path labelsFile = find(directory, prefix + "-labels", "idx1-ubyte");
        IdxFile images = IdxFile.read(imagesFile);
        if (images.type() != IdxFile.Type.UNSIGNED_BYTE || images.dims().size() != 3) {
            throw new IOException(imagesFile + ": not an image file: expected unsigned bytes with dimensions "
                    + "[count, rows, columns], found " + images.type() + " with dimensions " + images.dims());
        }
        IdxFile labels = IdxFile.read(labelsFile);
        if (labels.type() != IdxFile.Type.UNSIGNED_BYTE || labels.dims().size() != 1) {
            throw new IOException(labelsFile + ": not a label file: expected unsigned bytes with dimensions "
                    + "[count], found " + labels.type() + " with dimensions " + labels.dims());
        }
        int count = images.dims().get(0);
        if (labels.dims().get(0) != count) {
            throw new IOException(labelsFile + ": holds " + labels.dims().get(0) + " labels but " + imagesFile
                    + " holds " + count + " images");
        }
        List<Integer> dims = images.dims();
        if (dims.get(1) < 1 || dims.get(2) < 1) {
            throw new IOException(imagesFile + ": images of " + dims.get(1) + "x" + dims.get(2) + " pixels");
        }
        return new Part(imagesFile, labelsFile, Shape.of(1, dims.get(1), dims.get(2)), images.toFloats(),
                labels.toInts());
    }

    /** The first of the accepted spellings present in {@code directory}. */
    private static Path find(Path directory, String stem, String suffix) throws NoSuchFileException {
        List<String> names = new ArrayList<>();
        for (String separator : new String[] {"-", "."}) {
            String plain = stem + separator + suffix;
            names.add(plain);
            names.add(plain + ".gz");
        }
        for (String candidate : names) {
            Path file = directory.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new NoSuchFileException(directory.toString(), null, "none of " + String.join(", ", names)
                + " is in this directory");
    }

    private static int maximum(int[] values) {
        int maximum = 0;
        for (int value : values) {
            maximum = Math.max(maximum, value);
        }
        return maximum;
    }

    private static void checkLabels(Part part, int classes) throws IOException {
        for (int index = 0; index < part.labels.length; index++) {
            if (part.labels[index] >= classes) {
                throw new IOException(part.labelsFile + ": label " + part.labels[index] + " of example " + index
                        + " is outside [0, " + classes + ")");
            }
        }
    }
}
