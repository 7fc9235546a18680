package io.nas4j.tasks.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.TrainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's directory layout, on batch files the test writes (the real set is not obtainable here). */
class Cifar10Test {

    @TempDir
    Path directory;

    /** Writes the six batch files, {@code perBatch} records each; labels cycle 0..9 across all records. */
    private static void writeBatches(Path folder, int perBatch) throws IOException {
        int label = 0;
        for (String file : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"}) {
            byte[] content = new byte[perBatch * 3073];
            for (int record = 0; record < perBatch; record++) {
                content[record * 3073] = (byte) (label++ % 10);
                content[record * 3073 + 1] = (byte) record;
            }
            Files.write(folder.resolve(file), content);
        }
    }

    @Test
    void loadsFiveTrainingBatchesAndTheTestBatch() throws IOException {
        writeBatches(directory, 4);

        TrainTest sets = Cifar10.load(directory);

        assertThat(sets.train().name()).isEqualTo("cifar10/train");
        assertThat(sets.train().size()).isEqualTo(20);
        assertThat(sets.test().size()).isEqualTo(4);
        assertThat(sets.train().inputShape()).isEqualTo(Shape.of(3, 32, 32));
        assertThat(Datasets.labels(sets.train())).startsWith(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0);
        assertThat(Datasets.labels(sets.test())).containsExactly(0, 1, 2, 3);
    }

    @Test
    void findsTheFolderTheArchiveUnpacksTo() throws IOException {
        writeBatches(Files.createDirectory(directory.resolve("cifar-10-batches-bin")), 2);

        assertThat(Cifar10.load(directory).train().size()).isEqualTo(10);
    }

    @Test
    void aMissingBatchIsNamed() throws IOException {
        writeBatches(directory, 1);
        Files.delete(directory.resolve("data_batch_4.bin"));

        assertThatThrownBy(() -> Cifar10.load(directory))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("data_batch_4.bin");
    }

    @Test
    void theCifarTaskAugmentsTrainingBatches() throws IOException {
        writeBatches(directory, 10);

        ClassificationTask task = ClassificationTask.cifar10(directory, 0.2, 1);

        assertThat(task.train().size()).isEqualTo(40);
        assertThat(task.validation().size()).isEqualTo(10);
        assertThat(task.test().size()).isEqualTo(10);
        assertThat(task.head().classes()).isEqualTo(10);
        float[] batch = new float[8 * 3072];
        for (int index = 0; index < batch.length; index++) {
            batch[index] = index;
        }
        float[] augmented = batch.clone();
        task.augmentation().apply(augmented, 8, task.head().input(), new SplittableRandom(2));
        assertThat(augmented).isNotEqualTo(batch);
    }
}
