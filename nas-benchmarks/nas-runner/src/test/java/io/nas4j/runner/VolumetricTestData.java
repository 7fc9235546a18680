package io.nas4j.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Volumetric data for tests: the real MRI of {@code ../shared/data/volumetric/mricron} (skipping the test,
 * with the reason, when it is absent), and small MedMNIST-style {@code .npz} files the tests write.
 */
public final class VolumetricTestData {

    private VolumetricTestData() {
    }

    /** The shared data root that holds {@code volumetric/mricron}; skips the test when absent. */
    public static Path sharedDirectory() {
        String property = System.getProperty("nas4j.data.dir");
        assumeTrue(property != null && Files.isRegularFile(Path.of(property, "volumetric", "mricron", "ch2bet.nii.gz")),
                "skipped: the MRI data is absent (system property nas4j.data.dir = " + property
                        + " has no volumetric/mricron/ch2bet.nii.gz)");
        return Path.of(property);
    }

    /**
     * Writes a MedMNIST-3D-style archive: {@code perClass} volumes of each of two classes per part (train,
     * val, test), {@code size}³ uint8 voxels; class 1 has a bright cube in its centre, class 0 does not.
     */
    public static Path medMnistLike(Path file, int size, int perClass, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream stream = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(stream)) {
            for (String part : new String[] {"train", "val", "test"}) {
                int count = 2 * perClass;
                byte[] voxels = new byte[count * size * size * size];
                byte[] labels = new byte[count];
                for (int volume = 0; volume < count; volume++) {
                    labels[volume] = (byte) (volume % 2);
                    for (int z = 0; z < size; z++) {
                        for (int y = 0; y < size; y++) {
                            for (int x = 0; x < size; x++) {
                                boolean centre = Math.abs(2 * x - size) < size / 2 && Math.abs(2 * y - size) < size / 2
                                        && Math.abs(2 * z - size) < size / 2;
                                int value = random.nextInt(100) + (centre && labels[volume] == 1 ? 120 : 0);
                                voxels[((volume * size + z) * size + y) * size + x] = (byte) value;
                            }
                        }
                    }
                }
                entry(zip, part + "_images", npy("|u1", "(" + count + ", " + size + ", " + size + ", " + size + ")", voxels));
                entry(zip, part + "_labels", npy("|u1", "(" + count + ", 1)", labels));
            }
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] npy(String dtype, String shape, byte[] items) {
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        header = header + " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(items);
        return out.toByteArray();
    }
}
