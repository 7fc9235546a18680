package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.DataFolders;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.classification.FashionMnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The classification data sets a search can train on, by name: the embedded UCI digits (no files), and
 * MNIST, Fashion-MNIST (IDX files) and CIFAR-10 (binary batches) from a folder.
 */
public final class ClassificationData {

    public static final List<String> NAMES = List.of("digits", "mnist", "fashion-mnist", "cifar10");

    /** Validation share of the publisher's training part for IDX and CIFAR sets. */
    static final double VALIDATION_FRACTION = 1.0 / 12;

    private ClassificationData() {
    }

    /**
     * The task of data set {@code name}; for files, from {@code directory} (Fashion-MNIST also from
     * Debian's {@code /usr/share/datasets/fashion-mnist} when no folder is given). The volumetric data sets
     * ({@link VolumetricData#NAMES}) are loaded by {@link VolumetricData}.
     *
     * @throws UserInputException naming the data set or the folder when they cannot be used
     */
    public static ClassificationTask load(String name, String directory, long seed) {
        if (VolumetricData.NAMES.contains(name)) {
            return VolumetricData.load(name, directory, seed);
        }
        try {
            return switch (name) {
                case "digits" -> ClassificationTask.digits(seed);
                case "mnist" -> ClassificationTask.fromIdx(folder(name, directory, null), VALIDATION_FRACTION, seed);
                case "fashion-mnist" -> ClassificationTask.fromIdx(folder(name, directory, FashionMnist.DEBIAN_DIRECTORY),
                        VALIDATION_FRACTION, seed);
                case "cifar10" -> ClassificationTask.cifar10(folder(name, directory, null), VALIDATION_FRACTION, seed);
                default -> throw UserInputException.of("dataset", "{dataset} {} is unknown; allowed: {}", name,
                        String.join(", ", NAMES));
            };
        } catch (IOException e) {
            throw UserInputException.of("dataset", "{dataset} {}: {}", name, e.getMessage()).causedBy(e);
        }
    }

    private static Path folder(String name, String directory, Path fallback) {
        Path chosen = directory != null ? DataFolders.local(directory) : fallback;
        if (chosen == null) {
            throw UserInputException.of("dataDir", "{dataDir} is required for {dataset} {}: the folder holding its files",
                    name);
        }
        if (!Files.isDirectory(chosen)) {
            throw UserInputException.of("dataDir", "{dataDir} {} does not exist or is not a folder (dataset {})", chosen,
                    name);
        }
        Path nested = chosen.resolve(name);
        return Files.isDirectory(nested) ? nested : chosen;
    }
}
