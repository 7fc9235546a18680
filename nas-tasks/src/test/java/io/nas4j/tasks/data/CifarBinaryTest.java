package io.nas4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nas4j.core.network.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 binary records written by the test. */
class CifarBinaryTest {

    @TempDir
    Path directory;

    /** One record: the label, then red, green and blue planes whose values encode their position. */
    static byte[] record(int label, int seed) {
        byte[] bytes = new byte[3073];
        bytes[0] = (byte) label;
        for (int channel = 0; channel < 3; channel++) {
            for (int pixel = 0; pixel < 1024; pixel++) {
                bytes[1 + channel * 1024 + pixel] = (byte) (seed + channel * 50 + pixel);
            }
        }
        return bytes;
    }

    static Path write(Path file, byte[]... records) throws IOException {
        byte[] content = new byte[records.length * 3073];
        for (int index = 0; index < records.length; index++) {
            System.arraycopy(records[index], 0, content, index * 3073, 3073);
        }
        return Files.write(file, content);
    }

    @Test
    void recordsBecomeChannelsFirstImagesWithTheirLabels() throws IOException {
        Path first = write(directory.resolve("a.bin"), record(3, 0), record(9, 10));
        Path second = write(directory.resolve("b.bin"), record(0, 20));

        TensorDataset data = CifarBinary.read("cifar", List.of(first, second));

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.inputShape()).isEqualTo(Shape.of(3, 32, 32));
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.labels()).containsExactly(3, 9, 0);
        float[] example = data.example(1);
        assertThat(example[0]).isEqualTo(10);                // red, row 0, column 0
        assertThat(example[33]).isEqualTo(10 + 33);          // red, row 1, column 1
        assertThat(example[1024]).isEqualTo(10 + 50);        // green, row 0, column 0
        assertThat(example[2048 + 1023]).isEqualTo((10 + 100 + 1023) & 0xFF); // blue, last pixel
        assertThat(data.example(2)[0]).isEqualTo(20);
    }

    @Test
    void aFileThatIsNotWholeRecordsIsRejected() throws IOException {
        Path file = Files.write(directory.resolve("short.bin"), new byte[3073 + 5]);

        assertThatThrownBy(() -> CifarBinary.read("cifar", List.of(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("3078 bytes is not a whole number of CIFAR-10 records");
    }

    @Test
    void aLabelBeyondNineIsRejectedWithItsRecord() throws IOException {
        Path file = write(directory.resolve("labels.bin"), record(1, 0), record(10, 0));

        assertThatThrownBy(() -> CifarBinary.read("cifar", List.of(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file + ": record 1 has label 10");
    }
}
