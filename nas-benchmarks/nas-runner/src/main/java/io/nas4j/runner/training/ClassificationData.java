package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.DataFolders;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.classification.FashionMnist;
import io.nas4j.tasks.data.Augmentations;

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

    /** The {@code augment} value of no augmentation. */
    public static final String NO_AUGMENT = "none";

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

    /**
     * {@link #load(String, String, long)} with the training batches going through {@code augment}
     * ({@link #augmentation}); null keeps the data set's own.
     */
    public static ClassificationTask load(String name, String directory, long seed, String augment) {
        ClassificationTask task = load(name, directory, seed);
        return augment == null ? task : task.withAugmentation(augmentation(augment));
    }

    /** The augmentation a data set's training batches go through unless a search says otherwise. */
    public static String defaultAugment(String dataset) {
        return dataset.equals("cifar10") ? "standard" : NO_AUGMENT;
    }

    /**
     * The augmentation {@code augment} names: {@code none}, {@code standard} (a crop with 4 pixels of zero
     * padding, then a flip), or {@code flip}, {@code crop=P} and {@code edge-crop=P} joined by commas
     * ({@link Augmentations#parse}).
     *
     * @throws UserInputException naming {@code augment} when it names none
     */
    public static Augmentation augmentation(String augment) {
        try {
            return Augmentations.parse(augment);
        } catch (IllegalArgumentException e) {
            throw UserInputException.of("augment", "{augment} " + e.getMessage().replaceFirst("^augmentation ", ""));
        }
    }

    /**
     * {@code augment} checked for a search of {@code task} on {@code dataset}, or the data set's default when
     * null: images only (detection boxes and volumes are not flipped or cropped).
     *
     * @throws UserInputException naming {@code augment} when it names no augmentation, or one for boxes or volumes
     */
    public static String checkAugment(String augment, String task, String dataset) {
        if (augment == null) {
            return DetectionSearch.TASK.equals(task) ? NO_AUGMENT : defaultAugment(dataset);
        }
        String trimmed = augment.trim();
        augmentation(trimmed);
        boolean images = !DetectionSearch.TASK.equals(task) && !VolumetricData.TASK.equals(task)
                && !VolumetricData.NAMES.contains(dataset);
        if (!images && !trimmed.equals(NO_AUGMENT)) {
            throw UserInputException.of("augment", "{augment} {} flips and crops images; a {} search takes none", trimmed,
                    DetectionSearch.TASK.equals(task) ? DetectionSearch.TASK : VolumetricData.TASK);
        }
        return trimmed;
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
