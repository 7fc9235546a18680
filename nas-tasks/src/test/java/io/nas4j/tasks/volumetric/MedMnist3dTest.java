package io.nas4j.tasks.volumetric;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.Split;
import io.nas4j.tasks.data.TensorDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MedMNIST 3D archives: miniatures NumPy wrote (test resources) and archives the test writes. */
class MedMnist3dTest {

    @TempDir
    Path folder;

    @Test
    void readsTheThreePartsOfAnArchiveNumpyWroteStoredOrCompressed() throws Exception {
        for (String name : new String[] {"medmnist-like.npz", "medmnist-like-compressed.npz"}) {
            Split split = MedMnist3d.load(fixture(name), 0);

            assertThat(split.train().size()).isEqualTo(6);
            assertThat(split.validation().size()).isEqualTo(3);
            assertThat(split.test().size()).isEqualTo(3);
            assertThat(split.train().inputShape()).isEqualTo(Shape.of(1, 4, 4, 4));
            assertThat(split.train().classes()).isEqualTo(3);
            assertThat(Datasets.labels(split.train())).containsExactly(0, 1, 2, 0, 1, 2);
            assertThat(split.validation().name()).isEqualTo(name.replace(".npz", "") + "/validation");
            // validation volume 1 holds (64 + i + 7) % 256 for i in 0..63
            assertThat(((TensorDataset) split.validation()).example(1)[0]).isEqualTo(71);
        }
    }

    @Test
    void theTaskIsStandardisedWithTrainingStatisticsAndHasOneChannel() throws Exception {
        ClassificationTask task = MedMnist3d.task(fixture("medmnist-like.npz"), 0);

        assertThat(task.name()).isEqualTo("medmnist-like");
        assertThat(task.head().input()).isEqualTo(Shape.of(1, 4, 4, 4));
        assertThat(task.head().classes()).isEqualTo(3);
        float[] all = new float[6 * 64];
        task.train().copyInputs(Datasets.allIndices(6), all);
        double mean = 0;
        for (float value : all) {
            mean += value;
        }
        assertThat(mean / all.length).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void anArchiveWithoutValidationArraysGetsAValidationPartFromTraining() throws IOException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("train_images", npy("|u1", new int[] {20, 2, 2, 2}, 160));
        arrays.put("train_labels", npy("<i8", new int[] {20}, 20, index -> index % 2));
        arrays.put("test_images", npy("|u1", new int[] {4, 2, 2, 2}, 32));
        arrays.put("test_labels", npy("<i8", new int[] {4, 1}, 4, index -> index % 2));
        Path file = npz(folder.resolve("nodulemnist3d.npz"), arrays);

        Split split = MedMnist3d.load(file, 3);

        assertThat(split.train().size()).isEqualTo(18);
        assertThat(split.validation().size()).isEqualTo(2);
        assertThat(Datasets.classCounts(split.validation())).containsExactly(1, 1);
        assertThat(split.test().size()).isEqualTo(4);
        assertThat(split.train().name()).isEqualTo("nodulemnist3d/train");
    }

    @Test
    void malformedArchivesAreRejectedNamingTheArrayAndTheProblem() throws IOException {
        Map<String, byte[]> missing = new LinkedHashMap<>();
        missing.put("train_images", npy("|u1", new int[] {2, 2, 2, 2}, 16));
        missing.put("train_labels", npy("|u1", new int[] {2}, 2, index -> index));
        Path noTest = npz(folder.resolve("no-test.npz"), missing);

        Map<String, byte[]> flat = new LinkedHashMap<>(missing);
        flat.put("train_images", npy("|u1", new int[] {2, 4, 4}, 32));
        flat.put("test_images", npy("|u1", new int[] {2, 4, 4}, 32));
        flat.put("test_labels", npy("|u1", new int[] {2}, 2, index -> index));
        Path images2d = npz(folder.resolve("images2d.npz"), flat);

        Map<String, byte[]> multi = new LinkedHashMap<>(missing);
        multi.put("train_labels", npy("|u1", new int[] {2, 3}, 6, index -> 1));
        multi.put("test_images", npy("|u1", new int[] {2, 2, 2, 2}, 16));
        multi.put("test_labels", npy("|u1", new int[] {2}, 2, index -> index));
        Path multiLabel = npz(folder.resolve("multi.npz"), multi);

        Map<String, byte[]> counts = new LinkedHashMap<>(multi);
        counts.put("train_labels", npy("|u1", new int[] {3}, 3, index -> index % 2));
        Path miscounted = npz(folder.resolve("counts.npz"), counts);

        assertThatThrownBy(() -> MedMnist3d.load(noTest, 0)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(noTest.toString()).hasMessageContaining("no array 'test_images'");
        assertThatThrownBy(() -> MedMnist3d.load(images2d, 0))
                .hasMessageContaining("train_images.npy: expected volumes of shape N x D x H x W, got [2, 4, 4]");
        assertThatThrownBy(() -> MedMnist3d.load(multiLabel, 0)).hasMessageContaining("multi-label");
        assertThatThrownBy(() -> MedMnist3d.load(miscounted, 0)).hasMessageContaining("3 labels for 2 volumes");
        assertThatThrownBy(() -> MedMnist3d.load(folder.resolve("absent.npz"), 0)).isInstanceOf(NoSuchFileException.class);
    }

    /** A version-1.0 .npy array of {@code count} items in C order: item i is {@code value(i)} as {@code dtype}. */
    private static byte[] npy(String dtype, int[] shape, int count, java.util.function.IntUnaryOperator value) {
        StringBuilder tuple = new StringBuilder("(");
        for (int extent : shape) {
            tuple.append(extent).append(", ");
        }
        tuple.setLength(tuple.length() - (shape.length > 1 ? 2 : 1));
        tuple.append(')');
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        header = header + " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        int bytes = Integer.parseInt(dtype.substring(2));
        ByteBuffer items = ByteBuffer.allocate(count * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int index = 0; index < count; index++) {
            int item = value.applyAsInt(index);
            if (bytes == 1) {
                items.put((byte) item);
            } else {
                items.putLong(item);
            }
        }
        out.writeBytes(items.array());
        return out.toByteArray();
    }

    private static byte[] npy(String dtype, int[] shape, int count) {
        return npy(dtype, shape, count, index -> index % 251);
    }

    private static Path npz(Path file, Map<String, byte[]> arrays) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(stream)) {
            for (Map.Entry<String, byte[]> array : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(array.getKey() + ".npy"));
                zip.write(array.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(MedMnist3dTest.class.getResource("/io/nas4j/tasks/data/" + name).toURI());
    }
}
