package io.nas4j.tasks.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.Augmentation;
import io.nas4j.tasks.data.Augmentations;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.Normalization;
import io.nas4j.tasks.data.TensorDataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks built by the factories: parts, head, metrics, normalisation, determinism. */
class ClassificationTaskTest {

    @TempDir
    Path directory;

    @Test
    void digitsIsDividedSixtyTwentyTwentyByClass() {
        ClassificationTask task = ClassificationTask.digits(1);

        assertThat(task.name()).isEqualTo("digits");
        assertThat(task.train().size()).isEqualTo(1079);
        assertThat(task.validation().size()).isEqualTo(359);
        assertThat(task.test().size()).isEqualTo(359);
        assertThat(task.train().name()).isEqualTo("digits/train");
        // Each class gives round(20%) of its examples: 178 -> 36, 177 -> 35, 183 -> 37, 174 -> 35, ...
        assertThat(Datasets.classCounts(task.validation())).containsExactly(36, 36, 35, 37, 36, 36, 36, 36, 35, 36);
        assertThat(Datasets.classCounts(task.test())).containsExactly(36, 36, 35, 37, 36, 36, 36, 36, 35, 36);
    }

    @Test
    void digitsHasTheClassificationHeadAndReportsAccuracy() {
        ClassificationTask task = ClassificationTask.digits(1);

        assertThat(task.head()).isEqualTo(new ClassificationHead(Shape.of(1, 8, 8), 10));
        assertThat(task.metrics()).containsExactly("accuracy");
    }

    @Test
    void digitsTrainingDataIsStandardisedWithItsOwnStatistics() {
        ClassificationTask task = ClassificationTask.digits(1);

        Normalization train = Normalization.fit(task.train());
        assertThat(train.mean().get(0)).isCloseTo(0, within(1e-5));
        assertThat(train.std().get(0)).isCloseTo(1, within(1e-5));
        // The held-out parts were shifted by the training statistics, not their own.
        assertThat(Normalization.fit(task.test()).mean().get(0)).isNotCloseTo(0, within(1e-7));
    }

    @Test
    void theSameSeedGivesTheSameTask() {
        ClassificationTask first = ClassificationTask.digits(5);
        ClassificationTask second = ClassificationTask.digits(5);
        ClassificationTask other = ClassificationTask.digits(6);

        assertThat(Datasets.labels(first.validation())).containsExactly(Datasets.labels(second.validation()));
        assertThat(inputs(first.test())).containsExactly(inputs(second.test()));
        assertThat(inputs(first.test())).isNotEqualTo(inputs(other.test()));
    }

    private static float[] inputs(Dataset data) {
        float[] values = new float[data.size() * 64];
        data.copyInputs(Datasets.allIndices(data.size()), values);
        return values;
    }

    @Test
    void fromIdxHoldsOutValidationFromTheTrainingFiles() throws IOException {
        Path folder = Files.createDirectory(directory.resolve("tiny-mnist"));
        writeIdx(folder.resolve("train-images-idx3-ubyte"), new int[] {40, 4, 4});
        writeIdx(folder.resolve("train-labels-idx1-ubyte"), new int[] {40});
        writeIdx(folder.resolve("t10k-images-idx3-ubyte"), new int[] {10, 4, 4});
        writeIdx(folder.resolve("t10k-labels-idx1-ubyte"), new int[] {10});

        ClassificationTask task = ClassificationTask.fromIdx(folder, 0.25, 3);

        assertThat(task.name()).isEqualTo("tiny-mnist");
        assertThat(task.train().size()).isEqualTo(30);
        assertThat(task.validation().size()).isEqualTo(10);
        assertThat(task.test().size()).isEqualTo(10);
        assertThat(task.test().name()).isEqualTo("tiny-mnist/test");
        assertThat(task.head()).isEqualTo(new ClassificationHead(Shape.of(1, 4, 4), 4));
    }

    /** Unsigned bytes with the given dimensions; values cycle 0..3 so labels make four classes. */
    private static void writeIdx(Path file, int[] dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        int items = 1;
        for (int extent : dims) {
            out.writeInt(extent);
            items *= extent;
        }
        for (int item = 0; item < items; item++) {
            out.writeByte(dims.length == 1 ? item % 4 : item * 13);
        }
        Files.write(file, bytes.toByteArray());
    }

    @Test
    void partsThatDisagreeWithTheHeadAreRejected() {
        TensorDataset small = TensorDataset.of("small", Shape.of(1, 2, 2), 2, new float[4], new int[] {1});
        ClassificationHead head = new ClassificationHead(Shape.of(1, 8, 8), 2);

        assertThatThrownBy(() -> new ClassificationTask("mismatch", small, small, small, head,
                List.of("accuracy"), Augmentation.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("small has shape [1, 2, 2]")
                .hasMessageContaining("the head expects [1, 8, 8]");
    }

    @Test
    void unknownMetricsAreRejected() {
        ClassificationTask task = ClassificationTask.digits(1);

        assertThatThrownBy(() -> new ClassificationTask("digits", task.train(), task.validation(), task.test(),
                task.head(), List.of("mAP"), Augmentation.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown metric 'mAP'; known: [accuracy]");
    }

    @Test
    void augmentationCanBeSwapped() {
        Augmentation flip = Augmentations.horizontalFlip(0.5);

        assertThat(ClassificationTask.digits(1).withAugmentation(flip).augmentation()).isSameAs(flip);
    }

    @Test
    void theStandardisationOfTheInputsIsKeptForExport() {
        ClassificationTask task = ClassificationTask.digits(1);

        assertThat(task.normalization().isIdentity()).isFalse();
        assertThat(task.normalization().mean()).hasSize(1);
        // raw digits are 0..16 intensities; the recorded statistics are those of the raw training part
        assertThat(task.normalization().mean().get(0)).isBetween(3.0, 8.0);
        assertThat(io.nas4j.tasks.data.Normalization.fit(task.train()).mean().get(0)).isCloseTo(0.0,
                org.assertj.core.api.Assertions.within(1e-6));
    }
}
