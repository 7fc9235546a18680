package io.nas4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nas4j.core.network.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written by the test: plain and gzipped, well formed and broken. */
class IdxFileTest {

    @TempDir
    Path directory;

    /** An IDX file of unsigned bytes with the given dimensions; items count up from 0. */
    static byte[] idx(int[] dims, int typeCode, byte[] items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(typeCode << 8 | dims.length);
        for (int extent : dims) {
            out.writeInt(extent);
        }
        out.write(items);
        return bytes.toByteArray();
    }

    static byte[] images(int count, int rows, int columns) throws IOException {
        byte[] pixels = new byte[count * rows * columns];
        for (int index = 0; index < pixels.length; index++) {
            pixels[index] = (byte) (index * 7);
        }
        return idx(new int[] {count, rows, columns}, 0x08, pixels);
    }

    static byte[] labels(int... values) throws IOException {
        byte[] items = new byte[values.length];
        for (int index = 0; index < values.length; index++) {
            items[index] = (byte) values[index];
        }
        return idx(new int[] {values.length}, 0x08, items);
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try (OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(content);
        }
        return file;
    }

    @Test
    void readsAPlainImageFile() throws IOException {
        Path file = write(directory.resolve("images-idx3-ubyte"), images(2, 3, 4), false);

        IdxFile idx = IdxFile.read(file);

        assertThat(idx.type()).isEqualTo(IdxFile.Type.UNSIGNED_BYTE);
        assertThat(idx.dims()).containsExactly(2, 3, 4);
        assertThat(idx.items()).isEqualTo(24);
        float[] values = idx.toFloats();
        assertThat(values[1]).isEqualTo(7);
        assertThat(values[23]).isEqualTo((23 * 7) & 0xFF);
    }

    @Test
    void readsTheSameContentGzipped() throws IOException {
        Path plain = write(directory.resolve("plain"), images(2, 3, 4), false);
        Path gzipped = write(directory.resolve("packed.gz"), images(2, 3, 4), true);

        assertThat(IdxFile.read(gzipped).toFloats()).containsExactly(IdxFile.read(plain).toFloats());
        assertThat(IdxFile.read(gzipped).dims()).containsExactly(2, 3, 4);
    }

    @Test
    void unsignedBytesAbove127StayPositive() throws IOException {
        Path file = write(directory.resolve("labels"), labels(0, 128, 255), false);

        assertThat(IdxFile.read(file).toInts()).containsExactly(0, 128, 255);
    }

    @Test
    void readsWiderBigEndianTypes() throws IOException {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(items);
        out.writeFloat(1.5f);
        out.writeFloat(-2.25f);
        Path floats = write(directory.resolve("floats"), idx(new int[] {2}, 0x0D, items.toByteArray()), false);
        ByteArrayOutputStream shorts = new ByteArrayOutputStream();
        new DataOutputStream(shorts).writeShort(-300);
        Path signed = write(directory.resolve("shorts"), idx(new int[] {1}, 0x0B, shorts.toByteArray()), false);

        assertThat(IdxFile.read(floats).toFloats()).containsExactly(1.5f, -2.25f);
        assertThat(IdxFile.read(signed).toInts()).containsExactly(-300);
        assertThatThrownBy(() -> IdxFile.read(floats).toInts())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("floats");
    }

    @Test
    void aBadMagicNumberIsReportedWithTheFileName() throws IOException {
        byte[] content = images(1, 2, 2);
        content[0] = 0x12;
        Path file = write(directory.resolve("broken-idx3-ubyte"), content, false);

        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an IDX file: magic number 0x12000803");
    }

    @Test
    void anUnknownTypeCodeIsABadMagicNumber() throws IOException {
        Path file = write(directory.resolve("typed.gz"), idx(new int[] {1}, 0x07, new byte[1]), true);

        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("magic number 0x00000701");
    }

    @Test
    void aTruncatedFileSaysHowMuchIsMissing() throws IOException {
        byte[] content = images(2, 3, 4);
        Path file = write(directory.resolve("cut"), Arrays.copyOf(content, content.length - 5), false);

        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("need 24 bytes of items, the file has 19");
    }

    @Test
    void extraBytesAfterTheItemsAreRejected() throws IOException {
        byte[] content = images(1, 2, 2);
        Path file = write(directory.resolve("long.gz"), Arrays.copyOf(content, content.length + 1), true);

        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("bytes follow the 4 items");
    }

    @Test
    void aDamagedGzipStreamNamesTheFile() throws IOException {
        Path whole = write(directory.resolve("whole.gz"), images(20, 8, 8), true);
        byte[] packed = Files.readAllBytes(whole);
        Path file = write(directory.resolve("damaged.gz"), Arrays.copyOf(packed, packed.length / 2), false);

        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("gzip");
    }

    @Test
    void anEmptyFileIsNotAnIdxFile() throws IOException {
        Path file = write(directory.resolve("empty"), new byte[0], false);

        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file + ": empty file");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> IdxFile.read(directory.resolve("absent")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDirectoryInTheMnistLayoutLoadsAsTrainingAndTestParts() throws IOException {
        write(directory.resolve("train-images-idx3-ubyte.gz"), images(3, 2, 2), true);
        write(directory.resolve("train-labels-idx1-ubyte.gz"), labels(0, 1, 2), true);
        write(directory.resolve("t10k-images-idx3-ubyte"), images(2, 2, 2), false);
        write(directory.resolve("t10k-labels-idx1-ubyte"), labels(2, 2), false);

        TrainTest sets = IdxSets.load(directory, "tiny", 4);

        assertThat(sets.name()).isEqualTo("tiny");
        assertThat(sets.train().name()).isEqualTo("tiny/train");
        assertThat(sets.train().size()).isEqualTo(3);
        assertThat(sets.train().inputShape()).isEqualTo(Shape.of(1, 2, 2));
        assertThat(sets.train().classes()).isEqualTo(4);
        assertThat(sets.test().name()).isEqualTo("tiny/test");
        assertThat(Datasets.labels(sets.test())).containsExactly(2, 2);
        assertThat(TensorDataset.copyOf(sets.train()).example(1)).containsExactly(28, 35, 42, 49);
    }

    @Test
    void withoutAClassCountTheLargestLabelDecides() throws IOException {
        write(directory.resolve("train-images.idx3-ubyte"), images(2, 2, 2), false);
        write(directory.resolve("train-labels.idx1-ubyte"), labels(0, 1), false);
        write(directory.resolve("t10k-images.idx3-ubyte"), images(1, 2, 2), false);
        write(directory.resolve("t10k-labels.idx1-ubyte"), labels(5), false);

        assertThat(IdxSets.load(directory, "dotted").train().classes()).isEqualTo(6);
    }

    @Test
    void aMissingFileIsNamedWithTheSpellingsLookedFor() throws IOException {
        write(directory.resolve("train-images-idx3-ubyte"), images(1, 2, 2), false);

        assertThatThrownBy(() -> IdxSets.load(directory, "partial", 10))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("train-labels-idx1-ubyte.gz");
    }

    @Test
    void labelAndImageCountsMustAgree() throws IOException {
        write(directory.resolve("train-images-idx3-ubyte"), images(3, 2, 2), false);
        write(directory.resolve("train-labels-idx1-ubyte"), labels(0, 1), false);
        write(directory.resolve("t10k-images-idx3-ubyte"), images(1, 2, 2), false);
        write(directory.resolve("t10k-labels-idx1-ubyte"), labels(0), false);

        assertThatThrownBy(() -> IdxSets.load(directory, "uneven", 10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("train-labels-idx1-ubyte: holds 2 labels but")
                .hasMessageContaining("holds 3 images");
    }

    @Test
    void labelsBeyondTheClassCountAreRejected() throws IOException {
        write(directory.resolve("train-images-idx3-ubyte"), images(1, 2, 2), false);
        write(directory.resolve("train-labels-idx1-ubyte"), labels(10), false);
        write(directory.resolve("t10k-images-idx3-ubyte"), images(1, 2, 2), false);
        write(directory.resolve("t10k-labels-idx1-ubyte"), labels(0), false);

        assertThatThrownBy(() -> IdxSets.load(directory, "ten", 10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("label 10 of example 0 is outside [0, 10)");
    }

    @Test
    void aLabelFileInPlaceOfImagesIsRejected() throws IOException {
        write(directory.resolve("train-images-idx3-ubyte"), labels(1, 2), false);
        write(directory.resolve("train-labels-idx1-ubyte"), labels(1, 2), false);

        assertThatThrownBy(() -> IdxSets.load(directory, "swapped", 10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("train-images-idx3-ubyte: not an image file");
    }
}
