package io.nas4j.tasks.classification;

import io.nas4j.tasks.data.CifarBinary;
import io.nas4j.tasks.data.TrainTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CIFAR-10 from its binary distribution: {@code data_batch_1.bin} .. {@code data_batch_5.bin} (50,000
 * training images) and {@code test_batch.bin} (10,000 test images), 32x32 colour, 10 classes. The directory
 * may be the one holding the files or the one above it, where the archive unpacks to
 * {@code cifar-10-batches-bin}. Nothing is downloaded.
 */
public final class Cifar10 {

    public static final String NAME = "cifar10";

    /** The folder the official archive unpacks to. */
    public static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    private static final int TRAINING_BATCHES = 5;

    private Cifar10() {
    }

    /**
     * The training batches in order as {@code cifar10/train} and the test batch as {@code cifar10/test},
     * shape {@code [3, 32, 32]}, raw values 0..255.
     *
     * @throws NoSuchFileException when a batch file is missing; the message names it
     * @throws IOException         when a file is malformed, naming it
     */
    public static TrainTest load(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Path folder = Files.isRegularFile(directory.resolve("test_batch.bin")) ? directory
                : directory.resolve(ARCHIVE_FOLDER);
        List<Path> training = new ArrayList<>();
        for (int batch = 1; batch <= TRAINING_BATCHES; batch++) {
            training.add(existing(folder.resolve("data_batch_" + batch + ".bin")));
        }
        Path test = existing(folder.resolve("test_batch.bin"));
        return new TrainTest(NAME, CifarBinary.read(NAME + "/train", training),
                CifarBinary.read(NAME + "/test", List.of(test)));
    }

    private static Path existing(Path file) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "CIFAR-10 batch file missing");
        }
        return file;
    }
}
