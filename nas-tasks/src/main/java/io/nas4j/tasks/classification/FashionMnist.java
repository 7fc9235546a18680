package io.nas4j.tasks.classification;

import io.nas4j.tasks.data.IdxSets;
import io.nas4j.tasks.data.TrainTest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 60,000 training and 10,000 test greyscale 28x28 images of clothing, 10 classes,
 * in MNIST's IDX layout (plain or {@code .gz}; see {@link IdxSets} for the names). Debian's
 * {@code dataset-fashion-mnist} package (MIT) installs the gzipped files into {@link #DEBIAN_DIRECTORY}.
 */
public final class FashionMnist {

    public static final String NAME = "fashion-mnist";
    public static final int CLASSES = 10;

    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * The publisher's training and test parts, named {@code fashion-mnist/train} and
     * {@code fashion-mnist/test}, shape {@code [1, 28, 28]}, raw pixel values 0..255.
     *
     * @throws java.nio.file.NoSuchFileException when a file is missing from {@code directory}
     * @throws IOException                       when a file is malformed, naming it
     */
    public static TrainTest load(Path directory) throws IOException {
        return IdxSets.load(directory, NAME, CLASSES);
    }
}
