package io.nas4j.tasks.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NiftiFileTest {

    @TempDir
    Path folder;

    @Test
    void readsAnUnsignedByteVolumeWithItsExtentsAndSpacing() throws IOException {
        Path file = new NiftiWriter().dims(3, 2, 2).spacing(1, 1.5f, 2)
                .write(folder.resolve("tiny.nii"), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255);

        NiftiFile image = NiftiFile.read(file);

        assertThat(image.type()).isEqualTo(NiftiFile.Type.UINT8);
        assertThat(image.dims()).containsExactly(3, 2, 2);
        assertThat(image.spacing()).containsExactly(1.0, 1.5, 2.0);
        assertThat(image.voxels()).isEqualTo(12);
        assertThat(image.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(image.toFloats()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255);
    }

    @ParameterizedTest
    @EnumSource(NiftiFile.Type.class)
    void everyVoxelTypeReadsInBothByteOrdersPlainAndGzipped(NiftiFile.Type type) throws IOException {
        boolean signed = switch (type) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
        double[] values = signed ? new double[] {0, -1, 7, -100, 100, 3, -5, 1} : new double[] {0, 1, 7, 200, 100, 3, 5, 1};
        if (type == NiftiFile.Type.FLOAT32 || type == NiftiFile.Type.FLOAT64) {
            values[2] = 0.25;
        }
        float[] expected = new float[values.length];
        for (int index = 0; index < values.length; index++) {
            expected[index] = (float) values[index];
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (boolean gzip : new boolean[] {false, true}) {
                Path file = new NiftiWriter().type(type).order(order).gzip(gzip)
                        .write(folder.resolve(type + "-" + order + (gzip ? ".nii.gz" : ".nii")), values);

                NiftiFile image = NiftiFile.read(file);

                assertThat(image.type()).isEqualTo(type);
                assertThat(image.byteOrder()).isEqualTo(order);
                assertThat(image.toFloats()).as("%s %s gzip %s", type, order, gzip).containsExactly(expected);
            }
        }
    }

    @Test
    void unsignedTypesUseTheirWholeRange() throws IOException {
        Path bytes = new NiftiWriter().type(NiftiFile.Type.UINT16).dims(2).write(folder.resolve("u16.nii"), 65535, 40000);
        Path words = new NiftiWriter().type(NiftiFile.Type.UINT32).dims(1).write(folder.resolve("u32.nii"), 4_000_000_000L);

        assertThat(NiftiFile.read(bytes).toFloats()).containsExactly(65535, 40000);
        assertThat(NiftiFile.read(words).toFloats()).containsExactly(4.0e9f);
    }

    @Test
    void appliesTheScalingSlopeAndIntercept() throws IOException {
        Path file = new NiftiWriter().type(NiftiFile.Type.INT16).order(ByteOrder.BIG_ENDIAN).dims(4).scaling(0.5f, 10)
                .write(folder.resolve("scaled.nii"), 0, 2, -4, 100);

        NiftiFile image = NiftiFile.read(file);

        assertThat(image.slope()).isEqualTo(0.5);
        assertThat(image.intercept()).isEqualTo(10.0);
        assertThat(image.toFloats()).containsExactly(10, 11, 8, 60);
    }

    @Test
    void aSlopeOfZeroMeansTheValuesAreStoredAsTheyAre() throws IOException {
        Path file = new NiftiWriter().dims(2).scaling(0, 50).write(folder.resolve("unscaled.nii"), 3, 4);

        NiftiFile image = NiftiFile.read(file);

        assertThat(image.slope()).isEqualTo(1.0);
        assertThat(image.intercept()).isEqualTo(0.0);
        assertThat(image.toFloats()).containsExactly(3, 4);
    }

    @Test
    void voxelsStartAtTheDataOffsetAfterAnyExtension() throws IOException {
        Path file = new NiftiWriter().dims(2).voxOffset(432).gzip(true).write(folder.resolve("extended.nii.gz"), 9, 8);

        assertThat(NiftiFile.read(file).toFloats()).containsExactly(9, 8);
    }

    @Test
    void compressionIsRecognisedByContentNotByName() throws IOException {
        Path file = new NiftiWriter().dims(2).gzip(true).write(folder.resolve("misnamed.nii"), 5, 6);

        assertThat(NiftiFile.read(file).toFloats()).containsExactly(5, 6);
    }

    @Test
    void bytesAfterTheLastVoxelAreIgnored() throws IOException {
        Path file = folder.resolve("padded.nii");
        byte[] content = new NiftiWriter().dims(2).bytes(1, 2);
        Files.write(file, Arrays.copyOf(content, content.length + 4));

        assertThat(NiftiFile.read(file).toFloats()).containsExactly(1, 2);
    }

    @Test
    void rejectsWhatIsNotASingleFileNiftiOneImageNamingTheProblem() throws IOException {
        Path text = Files.writeString(folder.resolve("text.nii"), "hello ".repeat(100));
        Path nifti2 = new NiftiWriter().headerSize(540).write(folder.resolve("two.nii"), new double[8]);
        Path pair = new NiftiWriter().magic("ni1").write(folder.resolve("pair.hdr"), new double[8]);
        Path magic = new NiftiWriter().magic("abc").write(folder.resolve("magic.nii"), new double[8]);
        Path rgb = new NiftiWriter().datatype(128).bitpix(24).write(folder.resolve("rgb.nii"), new double[8]);
        Path bitpix = new NiftiWriter().type(NiftiFile.Type.INT16).bitpix(8).write(folder.resolve("bitpix.nii"), new double[8]);
        Path offset = new NiftiWriter().voxOffset(100).write(folder.resolve("offset.nii"), new double[8]);
        Path shortFile = Files.write(folder.resolve("short.nii"), new byte[100]);

        assertThatThrownBy(() -> NiftiFile.read(text)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(text.toString()).hasMessageContaining("not a NIfTI-1 image");
        assertThatThrownBy(() -> NiftiFile.read(nifti2)).hasMessageContaining("NIfTI-2");
        assertThatThrownBy(() -> NiftiFile.read(pair)).hasMessageContaining(".hdr/.img pair");
        assertThatThrownBy(() -> NiftiFile.read(magic)).hasMessageContaining("magic 'abc");
        assertThatThrownBy(() -> NiftiFile.read(rgb)).hasMessageContaining("voxel type 128 is not supported");
        assertThatThrownBy(() -> NiftiFile.read(bitpix)).hasMessageContaining("bitpix 8 disagrees with voxel type INT16");
        assertThatThrownBy(() -> NiftiFile.read(offset)).hasMessageContaining("vox_offset 100");
        assertThatThrownBy(() -> NiftiFile.read(shortFile)).hasMessageContaining("too short for a NIfTI-1 header");
        assertThatThrownBy(() -> NiftiFile.read(folder.resolve("absent.nii"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rejectsTruncatedVoxelsAndDamagedGzipStreams() throws IOException {
        Path truncated = folder.resolve("truncated.nii");
        byte[] content = new NiftiWriter().type(NiftiFile.Type.FLOAT32).bytes(new double[8]);
        Files.write(truncated, Arrays.copyOf(content, content.length - 5));
        Path damaged = new NiftiWriter().gzip(true).write(folder.resolve("damaged.nii.gz"), new double[8]);
        byte[] zipped = Files.readAllBytes(damaged);
        Files.write(damaged, Arrays.copyOf(zipped, zipped.length / 2));

        assertThatThrownBy(() -> NiftiFile.read(truncated))
                .hasMessageContaining("truncated").hasMessageContaining("need 32 bytes of voxels, the file has 27");
        assertThatThrownBy(() -> NiftiFile.read(damaged)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(damaged.toString());
    }

    @Test
    void readsTheColin27BrainAndTheAalAtlasOfMricron() throws IOException {
        Path folder = mricron();

        NiftiFile brain = NiftiFile.read(folder.resolve("ch2bet.nii.gz"));
        NiftiFile atlas = NiftiFile.read(folder.resolve("aal.nii.gz"));

        assertThat(brain.type()).isEqualTo(NiftiFile.Type.UINT8);
        assertThat(brain.dims()).containsExactly(181, 217, 181);
        assertThat(brain.spacing()).containsExactly(1.0, 1.0, 1.0);
        assertThat(atlas.dims()).isEqualTo(brain.dims());
        float[] intensities = brain.toFloats();
        long inside = 0;
        for (float value : intensities) {
            inside += value > 0 ? 1 : 0;
        }
        // a skull-stripped adult brain: about 1.2 to 1.9 litres of 1 mm voxels
        assertThat(inside).isBetween(1_200_000L, 1_900_000L);
        TreeSet<Integer> labels = new TreeSet<>();
        for (float value : atlas.toFloats()) {
            assertThat(value).isEqualTo((float) Math.rint(value));
            labels.add((int) value);
        }
        assertThat(labels.first()).isZero();
        assertThat(labels.last()).isEqualTo(116);
        assertThat(labels).hasSize(117);
    }

    /** The mricron folder of ../shared/data; skips the test when it is absent. */
    static Path mricron() {
        String property = System.getProperty("nas4j.data.dir");
        Path folder = property == null ? null : Path.of(property, "volumetric", "mricron");
        assumeTrue(folder != null && Files.isRegularFile(folder.resolve("ch2bet.nii.gz")),
                "skipped: the MRI data is absent (system property nas4j.data.dir = " + property
                        + " has no volumetric/mricron/ch2bet.nii.gz)");
        return folder;
    }
}
