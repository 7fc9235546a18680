package io.nas4j.tasks.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes single-file NIfTI-1 images for tests, every header field settable, so each variant can be made. */
final class NiftiWriter {

    private NiftiFile.Type type = NiftiFile.Type.UINT8;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private int[] dims = {2, 2, 2};
    private float[] spacing = {1, 1, 1};
    private float slope;
    private float intercept;
    private int voxOffset = 352;
    private String magic = "n+1";
    private int headerSize = NiftiFile.HEADER_BYTES;
    private Integer bitpix;
    private Integer datatype;
    private boolean gzip;

    NiftiWriter type(NiftiFile.Type value) {
        type = value;
        return this;
    }

    NiftiWriter order(ByteOrder value) {
        order = value;
        return this;
    }

    NiftiWriter dims(int... value) {
        dims = value;
        return this;
    }

    NiftiWriter spacing(float... value) {
        spacing = value;
        return this;
    }

    NiftiWriter scaling(float newSlope, float newIntercept) {
        slope = newSlope;
        intercept = newIntercept;
        return this;
    }

    NiftiWriter voxOffset(int value) {
        voxOffset = value;
        return this;
    }

    NiftiWriter magic(String value) {
        magic = value;
        return this;
    }

    NiftiWriter headerSize(int value) {
        headerSize = value;
        return this;
    }

    NiftiWriter bitpix(int value) {
        bitpix = value;
        return this;
    }

    NiftiWriter datatype(int value) {
        datatype = value;
        return this;
    }

    NiftiWriter gzip(boolean value) {
        gzip = value;
        return this;
    }

    /** The whole file's bytes (uncompressed) with {@code stored} as the voxels, x fastest. */
    byte[] bytes(double... stored) {
        ByteBuffer header = ByteBuffer.allocate(NiftiFile.HEADER_BYTES).order(order);
        header.putInt(0, headerSize);
        header.putShort(40, (short) dims.length);
        for (int axis = 0; axis < dims.length; axis++) {
            header.putShort(42 + 2 * axis, (short) dims[axis]);
            header.putFloat(80 + 4 * axis, axis < spacing.length ? spacing[axis] : 1);
        }
        header.putShort(70, (short) (datatype != null ? datatype : type.code()));
        header.putShort(72, (short) (bitpix != null ? bitpix : 8 * type.bytes()));
        header.putFloat(108, voxOffset);
        header.putFloat(112, slope);
        header.putFloat(116, intercept);
        byte[] magicBytes = (magic + "\0").getBytes(StandardCharsets.US_ASCII);
        for (int index = 0; index < 4 && index < magicBytes.length; index++) {
            header.put(344 + index, magicBytes[index]);
        }
        ByteBuffer voxels = ByteBuffer.allocate(stored.length * type.bytes()).order(order);
        for (double value : stored) {
            switch (type) {
                case UINT8, INT8 -> voxels.put((byte) (long) value);
                case INT16, UINT16 -> voxels.putShort((short) (long) value);
                case INT32, UINT32 -> voxels.putInt((int) (long) value);
                case INT64, UINT64 -> voxels.putLong((long) value);
                case FLOAT32 -> voxels.putFloat((float) value);
                case FLOAT64 -> voxels.putDouble(value);
            }
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(header.array());
        file.writeBytes(new byte[Math.max(0, voxOffset - NiftiFile.HEADER_BYTES)]);
        file.writeBytes(voxels.array());
        return file.toByteArray();
    }

    Path write(Path file, double... stored) throws IOException {
        byte[] content = bytes(stored);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
