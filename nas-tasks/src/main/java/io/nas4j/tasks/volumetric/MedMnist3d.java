package io.nas4j.tasks.volumetric;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.NpyArray;
import io.nas4j.tasks.data.NpzArchive;
import io.nas4j.tasks.data.Split;
import io.nas4j.tasks.data.Splits;
import io.nas4j.tasks.data.TensorDataset;
import io.nas4j.tasks.data.TrainTest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The 3D sets of MedMNIST (OrganMNIST3D, NoduleMNIST3D, AdrenalMNIST3D, FractureMNIST3D, VesselMNIST3D,
 * SynapseMNIST3D) from the {@code .npz} files they are published as: {@code train_images} of shape
 * {@code N x D x H x W} (28³ in MedMNIST, 64³ in MedMNIST+), {@code train_labels} of shape {@code N x 1} or
 * {@code N}, and the same for {@code val_} and {@code test_}. Any integer label dtype and any supported
 * image dtype ({@link NpyArray}) is accepted.
 *
 * <p>Contract: the parts keep the publisher's division; a file without {@code val_} arrays gets a
 * validation part of {@link #VALIDATION_FRACTION} of its training part (stratified, seeded). Examples have
 * one channel, shape {@code [1, D, H, W]}; the class count is the largest label plus one. Errors name the
 * file and what is wrong with it.
 */
public final class MedMnist3d {

    /** The validation share carved from training when the file has no {@code val_} arrays. */
    public static final double VALIDATION_FRACTION = 0.1;

    private static final List<String> PARTS = List.of("train", "val", "test");

    private MedMnist3d() {
    }

    /** The data set's name: the file's name without {@code .npz}, for example {@code organmnist3d}. */
    public static String name(Path file) {
        Path fileName = file.getFileName();
        String text = fileName == null ? "medmnist3d" : fileName.toString();
        return text.endsWith(".npz") ? text.substring(0, text.length() - 4) : text;
    }

    /**
     * The three parts of {@code file} as raw intensities, named {@code name/train}, {@code name/validation}
     * and {@code name/test}.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException                       when it is not a MedMNIST-style archive, naming what is wrong
     */
    public static Split load(Path file, long seed) throws IOException {
        Objects.requireNonNull(file, "file");
        String name = name(file);
        try (NpzArchive archive = NpzArchive.open(file)) {
            for (String required : List.of("train_images", "train_labels", "test_images", "test_labels")) {
                if (!archive.contains(required)) {
                    throw new IOException(file + ": has no array '" + required + "'; a MedMNIST 3D file holds "
                            + "train_images, train_labels, val_images, val_labels, test_images and test_labels, "
                            + "this one " + archive.names());
                }
            }
            boolean validation = archive.contains("val_images") && archive.contains("val_labels");
            NpyArray[] images = new NpyArray[PARTS.size()];
            int[][] labels = new int[PARTS.size()][];
            int classes = 2;
            for (int part = 0; part < PARTS.size(); part++) {
                if (part == 1 && !validation) {
                    continue;
                }
                String prefix = PARTS.get(part);
                images[part] = archive.array(prefix + "_images");
                labels[part] = labels(archive.array(prefix + "_labels"), images[part]);
                for (int label : labels[part]) {
                    classes = Math.max(classes, label + 1);
                }
            }
            Shape shape = shape(images[0]);
            for (NpyArray other : images) {
                if (other != null && !shape(other).equals(shape)) {
                    throw new IOException(other.source() + ": volumes of shape " + other.shape().subList(1, 4)
                            + " where train_images has " + images[0].shape().subList(1, 4));
                }
            }
            TensorDataset train = dataset(name + "/train", shape, classes, images[0], labels[0]);
            TensorDataset test = dataset(name + "/test", shape, classes, images[2], labels[2]);
            if (!validation) {
                return Splits.withValidation(new TrainTest(name, train, test), VALIDATION_FRACTION, seed);
            }
            return new Split(train, dataset(name + "/validation", shape, classes, images[1], labels[1]), test);
        }
    }

    /**
     * The classification task of {@code file}: {@link #load} standardised with the training part's
     * statistics, no augmentation.
     */
    public static ClassificationTask task(Path file, long seed) throws IOException {
        return ClassificationTask.standardized(name(file), load(file, seed), Augmentation.none());
    }

    private static Shape shape(NpyArray images) throws IOException {
        List<Integer> dims = images.shape();
        if (dims.size() != 4 || dims.stream().anyMatch(extent -> extent < 1)) {
            throw new IOException(images.source() + ": expected volumes of shape N x D x H x W, got " + dims);
        }
        return Shape.of(1, dims.get(1), dims.get(2), dims.get(3));
    }

    private static int[] labels(NpyArray labels, NpyArray images) throws IOException {
        List<Integer> dims = labels.shape();
        boolean single = dims.size() == 1 || (dims.size() == 2 && dims.get(1) == 1);
        if (!single) {
            throw new IOException(labels.source() + ": expected one label per volume (shape N or N x 1), got "
                    + dims + "; multi-label sets are not supported");
        }
        int[] values = labels.toInts();
        if (images.shape().isEmpty() || values.length != images.shape().get(0)) {
            throw new IOException(labels.source() + ": " + values.length + " labels for "
                    + (images.shape().isEmpty() ? 0 : images.shape().get(0)) + " volumes in " + images.source());
        }
        for (int index = 0; index < values.length; index++) {
            if (values[index] < 0) {
                throw new IOException(labels.source() + ": label " + values[index] + " of volume " + index
                        + " is negative");
            }
        }
        return values;
    }

    private static TensorDataset dataset(String name, Shape shape, int classes, NpyArray images, int[] labels) {
        return TensorDataset.of(name, shape, classes, images.toFloats(), labels);
    }
}
