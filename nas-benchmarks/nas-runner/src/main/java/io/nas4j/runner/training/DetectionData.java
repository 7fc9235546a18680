package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.DataFolders;
import io.nas4j.tasks.detection.DetectionTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The detection data sets a search can train on, by name: the embedded digit canvases (no files), the
 * raccoon set or any Pascal VOC folder ({@code annotations/} and {@code images/}, or VOC's
 * {@code Annotations/} and {@code JPEGImages/}), and a COCO annotation file with its images.
 */
public final class DetectionData {

    public static final String DIGIT_CANVASES = "digit-canvases";
    public static final List<String> NAMES = List.of(DIGIT_CANVASES, "raccoon", "voc", "coco");

    /** The side images of a folder are resized to. */
    public static final int IMAGE_SIZE = 64;

    /** Validation share of the training part of a folder's images. */
    static final double VALIDATION_FRACTION = 0.2;

    private DetectionData() {
    }

    /**
     * The task of data set {@code name}; for files, from {@code directory}: for {@code raccoon} the set's own
     * folder or one above it ({@code raccoon/} or {@code detection/raccoon/} inside), for {@code voc} the
     * folder holding the annotations, for {@code coco} a folder with one {@code .json} annotation file and
     * the images in {@code images/} (or beside the file).
     *
     * @throws UserInputException naming the data set or the folder when they cannot be used
     */
    public static DetectionTask load(String name, String directory, long seed) {
        try {
            return switch (name) {
                case DIGIT_CANVASES -> DetectionTask.digitCanvases(seed);
                case "raccoon" -> DetectionTask.pascalVoc(vocFolder(name, directory, "raccoon", "detection/raccoon"),
                        name, IMAGE_SIZE, VALIDATION_FRACTION, seed);
                case "voc" -> DetectionTask.pascalVoc(vocFolder(name, directory), name, IMAGE_SIZE, VALIDATION_FRACTION, seed);
                case "coco" -> coco(folder(name, directory), seed);
                default -> throw UserInputException.of("dataset", "{dataset} {} is unknown for {task} detection; allowed: {}",
                        name, String.join(", ", NAMES));
            };
        } catch (IOException e) {
            throw UserInputException.of("dataset", "{dataset} {}: {}", name, e.getMessage()).causedBy(e);
        }
    }

    private static DetectionTask coco(Path folder, long seed) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.size() != 1) {
            throw UserInputException.of("dataDir", "{dataDir} {} must hold exactly one COCO .json annotation file, found {}",
                    folder, files.size());
        }
        Path images = Files.isDirectory(folder.resolve("images")) ? folder.resolve("images") : folder;
        return DetectionTask.coco(files.get(0), images, "coco", IMAGE_SIZE, VALIDATION_FRACTION, seed);
    }

    private static Path vocFolder(String name, String directory, String... nested) {
        Path chosen = folder(name, directory);
        if (hasAnnotations(chosen)) {
            return chosen;
        }
        for (String inside : nested) {
            if (hasAnnotations(chosen.resolve(inside))) {
                return chosen.resolve(inside);
            }
        }
        throw UserInputException.of("dataDir", "{dataDir} {} has no annotations/ or Annotations/ folder of Pascal VOC XML"
                + " files (dataset {})", chosen, name);
    }

    private static boolean hasAnnotations(Path folder) {
        return Files.isDirectory(folder.resolve("annotations")) || Files.isDirectory(folder.resolve("Annotations"));
    }

    private static Path folder(String name, String directory) {
        if (directory == null) {
            throw UserInputException.of("dataDir", "{dataDir} is required for {dataset} {}: the folder holding its files", name);
        }
        Path chosen = DataFolders.local(directory);
        if (!Files.isDirectory(chosen)) {
            throw UserInputException.of("dataDir", "{dataDir} {} does not exist or is not a folder (dataset {})", chosen, name);
        }
        return chosen;
    }
}
