package io.nas4j.tasks.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NumPy arrays and archives: files NumPy wrote (test resources, see numpy-fixtures.py) and files this test writes. */
class NpyArrayTest {

    @TempDir
    Path folder;

    @Test
    void readsFloatArraysNumpyWroteInEitherByteOrderAndPrecision() throws Exception {
        float[] expected = {0, 1.5f, -2, 3, 255, -0.25f};
        for (String name : new String[] {"float32-little.npy", "float64-big.npy", "float16.npy", "version2.npy"}) {
            NpyArray array = NpyArray.read(fixture(name));

            assertThat(array.shape()).as(name).containsExactly(2, 3);
            assertThat(array.kind()).isEqualTo(NpyArray.Kind.FLOAT);
            assertThat(array.toFloats()).as(name).containsExactly(expected);
        }
        assertThat(NpyArray.read(fixture("float64-big.npy")).dtype()).isEqualTo(">f8");
    }

    @Test
    void readsIntegerAndBooleanArraysNumpyWrote() throws Exception {
        assertThat(NpyArray.read(fixture("int64-little.npy")).toInts()).containsExactly(0, 1, -2, 3, 255, 70000);
        assertThat(NpyArray.read(fixture("int16-big.npy")).toInts()).containsExactly(0, 1, -2, 3, 255, 30000);
        NpyArray bytes = NpyArray.read(fixture("uint8.npy"));
        assertThat(bytes.dtype()).isEqualTo("|u1");
        assertThat(bytes.toInts()).containsExactly(0, 1, 2, 3, 255, 128);
        assertThat(bytes.toFloats()).containsExactly(0, 1, 2, 3, 255, 128);
        assertThat(NpyArray.read(fixture("bool.npy")).toInts()).containsExactly(1, 0, 1);
        NpyArray scalar = NpyArray.read(fixture("scalar.npy"));
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.toFloats()).containsExactly(2.5f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8",
            "<u8", ">u8", "<f4", ">f4", "<f8", ">f8"})
    void everyDtypeReadsInBothByteOrders(String dtype) throws IOException {
        double[] values = dtype.charAt(1) == 'u' ? new double[] {0, 1, 100, 127, 5, 9} : new double[] {0, -1, 100, -128, 5, 9};
        Path file = NpyWriter.write(folder.resolve("array.npy"), NpyWriter.npy(dtype, new int[] {3, 2}, values));

        NpyArray array = NpyArray.read(file);

        assertThat(array.dtype()).isEqualTo(dtype);
        assertThat(array.shape()).containsExactly(3, 2);
        assertThat(array.size()).isEqualTo(6);
        float[] expected = new float[values.length];
        for (int index = 0; index < values.length; index++) {
            expected[index] = (float) values[index];
        }
        assertThat(array.toFloats()).containsExactly(expected);
        if (dtype.charAt(1) != 'f') {
            assertThat(array.toInts()).containsExactly(Arrays.stream(values).mapToInt(value -> (int) value).toArray());
        }
    }

    @Test
    void unsignedValuesKeepTheirMagnitudeAndIntsRefuseWhatDoesNotFit() throws IOException {
        Path words = NpyWriter.write(folder.resolve("u4.npy"), NpyWriter.npy("<u4", new int[] {1}, 4_000_000_000L));
        Path longs = NpyWriter.write(folder.resolve("u8.npy"), NpyWriter.npy("<u8", new int[] {1}, -1));

        assertThat(NpyArray.read(words).toFloats()).containsExactly(4.0e9f);
        assertThatThrownBy(() -> NpyArray.read(words).toInts()).hasMessageContaining("4000000000")
                .hasMessageContaining("does not fit a 32-bit int");
        assertThat(NpyArray.read(longs).toFloats()).containsExactly(1.8446744e19f);
        assertThatThrownBy(() -> NpyArray.read(longs).toInts()).hasMessageContaining("18446744073709551615");
    }

    @Test
    void readsVersionTwoHeadersTheTestWrites() throws IOException {
        Path file = NpyWriter.write(folder.resolve("v2.npy"), NpyWriter.npy("<i4", "False", new int[] {2}, 2, 7, 8));

        assertThat(NpyArray.read(file).toInts()).containsExactly(7, 8);
    }

    @Test
    void rejectsWhatItCannotReadNamingTheFileAndTheProblem() throws Exception {
        Path text = Files.writeString(folder.resolve("text.npy"), "not numpy at all");
        Path version = NpyWriter.write(folder.resolve("v4.npy"), NpyWriter.npy("<f4", "False", new int[] {1}, 4, 1));
        Path objects = NpyWriter.write(folder.resolve("objects.npy"), NpyWriter.npy("|O8", new int[] {0}));
        Path complex = NpyWriter.write(folder.resolve("complex.npy"), NpyWriter.npy("<c8", new int[] {0}));
        Path odd = NpyWriter.write(folder.resolve("odd.npy"), NpyWriter.npy("<f3", new int[] {0}));
        byte[] content = NpyWriter.npy("<f4", new int[] {4}, 1, 2, 3, 4);
        Path truncated = NpyWriter.write(folder.resolve("truncated.npy"), Arrays.copyOf(content, content.length - 3));
        Path longer = NpyWriter.write(folder.resolve("longer.npy"), Arrays.copyOf(content, content.length + 4));
        Path floats = NpyWriter.write(folder.resolve("floats.npy"), content);

        assertThatThrownBy(() -> NpyArray.read(text)).isInstanceOf(IOException.class)
                .hasMessage(text + ": not a NumPy .npy array (it does not start with \\x93NUMPY)");
        assertThatThrownBy(() -> NpyArray.read(version)).hasMessageContaining("version 4.0 is not supported");
        assertThatThrownBy(() -> NpyArray.read(fixture("fortran.npy"))).hasMessageContaining("Fortran order");
        assertThatThrownBy(() -> NpyArray.read(objects)).hasMessageContaining("dtype '|O8' is not supported");
        assertThatThrownBy(() -> NpyArray.read(complex)).hasMessageContaining("dtype '<c8' is not supported");
        assertThatThrownBy(() -> NpyArray.read(odd)).hasMessageContaining("dtype '<f3' is not supported");
        assertThatThrownBy(() -> NpyArray.read(truncated))
                .hasMessageContaining("truncated: shape [4] of <f4 needs 16 bytes of items, the array has 13");
        assertThatThrownBy(() -> NpyArray.read(longer)).hasMessageContaining("bytes follow the 4 items");
        assertThatThrownBy(() -> NpyArray.read(floats).toInts()).hasMessageContaining("<f4 floats where integers");
    }

    @Test
    void halfPrecisionCoversZeroSubnormalsInfinityAndNaN() {
        assertThat(NpyArray.halfToFloat((short) 0x0000)).isZero();
        assertThat(NpyArray.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(NpyArray.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(NpyArray.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(NpyArray.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(NpyArray.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(NpyArray.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(NpyArray.halfToFloat((short) 0x7E00)).isNaN();
    }

    @Test
    void archivesNumpyWroteStoredOrCompressedListAndReadTheirArrays() throws Exception {
        for (String name : new String[] {"medmnist-like.npz", "medmnist-like-compressed.npz"}) {
            try (NpzArchive archive = NpzArchive.open(fixture(name))) {
                assertThat(archive.names()).containsExactlyInAnyOrder("train_images", "train_labels", "val_images",
                        "val_labels", "test_images", "test_labels");
                NpyArray images = archive.array("train_images");
                assertThat(images.shape()).containsExactly(6, 4, 4, 4);
                assertThat(images.toFloats()[65]).isEqualTo(65);
                assertThat(archive.array("val_labels").toInts()).containsExactly(0, 1, 2);
                assertThat(archive.array("val_labels").shape()).containsExactly(3, 1);
            }
        }
    }

    @Test
    void archivesTheTestWritesReadInEitherMethod() throws IOException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyWriter.npy(">f4", new int[] {2, 2}, 1, 2, 3, 4));
        arrays.put("y", NpyWriter.npy("<i8", new int[] {2}, 5, 6));
        for (boolean deflated : new boolean[] {false, true}) {
            Path file = NpyWriter.npz(folder.resolve("arrays-" + deflated + ".npz"), arrays, deflated);
            try (NpzArchive archive = NpzArchive.open(file)) {
                assertThat(archive.names()).containsExactly("x", "y");
                assertThat(archive.array("x").toFloats()).containsExactly(1, 2, 3, 4);
                assertThat(archive.array("y").toInts()).containsExactly(5, 6);
                assertThatThrownBy(() -> archive.array("z")).isInstanceOf(IOException.class)
                        .hasMessage(file + ": has no array 'z'; it holds [x, y]");
            }
        }
    }

    @Test
    void aFileThatIsNotAZipIsNotAnArchive() throws IOException {
        Path text = Files.writeString(folder.resolve("text.npz"), "plain text");

        assertThatThrownBy(() -> NpzArchive.open(text)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(text + ": not a NumPy .npz archive");
        assertThatThrownBy(() -> NpzArchive.open(folder.resolve("absent.npz")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyArrayTest.class.getResource(name).toURI());
    }
}
