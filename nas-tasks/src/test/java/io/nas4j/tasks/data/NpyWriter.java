package io.nas4j.tasks.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes NumPy {@code .npy} arrays and {@code .npz} archives for tests, in the layout NumPy writes them. */
final class NpyWriter {

    private NpyWriter() {
    }

    /**
     * The bytes of a version-1.0 {@code .npy} array: {@code dtype} such as {@code <f4}, {@code >i8}, {@code |u1};
     * the values are written in C order as that type.
     */
    static byte[] npy(String dtype, int[] shape, double... values) {
        return npy(dtype, "False", shape, 1, values);
    }

    static byte[] npy(String dtype, String fortranOrder, int[] shape, int version, double... values) {
        StringBuilder tuple = new StringBuilder("(");
        for (int extent : shape) {
            tuple.append(extent).append(", ");
        }
        if (shape.length > 1) {
            tuple.setLength(tuple.length() - 2);
        } else if (shape.length == 1) {
            tuple.setLength(tuple.length() - 1);
        }
        tuple.append(')');
        String dict = "{'descr': '" + dtype + "', 'fortran_order': " + fortranOrder + ", 'shape': " + tuple + ", }";
        int lengthBytes = version == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) {
            length.putShort((short) header.length());
        } else {
            length.putInt(header.length());
        }
        out.writeBytes(length.array());
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        ByteOrder order = dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = dtype.charAt(1);
        int bytes = Integer.parseInt(dtype.substring(2));
        ByteBuffer items = ByteBuffer.allocate(values.length * bytes).order(order);
        for (double value : values) {
            if (kind == 'f') {
                if (bytes == 4) {
                    items.putFloat((float) value);
                } else {
                    items.putDouble(value);
                }
            } else {
                long integer = (long) value;
                switch (bytes) {
                    case 1 -> items.put((byte) integer);
                    case 2 -> items.putShort((short) integer);
                    case 4 -> items.putInt((int) integer);
                    default -> items.putLong(integer);
                }
            }
        }
        out.writeBytes(items.array());
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    /** An {@code .npz} archive of the arrays, by name (without {@code .npy}), deflated or stored. */
    static Path npz(Path file, Map<String, byte[]> arrays, boolean deflated) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(stream)) {
            for (Map.Entry<String, byte[]> array : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(array.getKey() + ".npy");
                if (!deflated) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(array.getValue().length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(array.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(array.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
