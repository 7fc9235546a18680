package io.nas4j.tasks.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One single-file NIfTI-1 image ({@code .nii}, or {@code .nii.gz}), read whole into memory: the format of
 * MRI volumes and atlases (Debian's {@code mricron-data} ships the Colin27 T1 brain and the AAL atlas in it).
 *
 * <p>The format: a 348-byte header, optional extensions, then the voxels from byte {@code vox_offset},
 * x varying fastest, then y, z and any further dimensions. The header's first field (348) tells the byte
 * order, which the voxels share. Supported voxel types: unsigned and signed 8-, 16-, 32- and 64-bit
 * integers, 32- and 64-bit floats. When {@code scl_slope} is neither 0 nor NaN, every voxel is
 * {@code stored * scl_slope + scl_inter} (the standard's rule; a slope of 0 means "stored as is").
 * Compression is recognised by gzip's leading bytes, not by the file name.
 *
 * <p>Contract: {@link #read} either returns an image whose voxel count matches its header or throws an
 * {@link IOException} whose message names the file and what is wrong (not NIfTI-1, a two-file
 * {@code .hdr}/{@code .img} pair, an unsupported voxel type, bits per voxel that disagree with the type,
 * a data offset inside the header, truncated voxels, a damaged gzip stream). Bytes after the last voxel
 * are ignored. Instances are immutable.
 */
public final class NiftiFile {

    /** The header's size in bytes, and the value of its first field. */
    public static final int HEADER_BYTES = 348;

    /** Voxel types: the standard's {@code datatype} codes and bytes per voxel. */
    public enum Type {
        UINT8(2, 1),
        INT16(4, 2),
        INT32(8, 4),
        FLOAT32(16, 4),
        FLOAT64(64, 8),
        INT8(256, 1),
        UINT16(512, 2),
        UINT32(768, 4),
        INT64(1024, 8),
        UINT64(1280, 8);

        private final int code;
        private final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** The {@code datatype} code of the header. */
        public int code() {
            return code;
        }

        /** Bytes per voxel; the header's {@code bitpix} is 8 times this. */
        public int bytes() {
            return bytes;
        }

        static Type ofCode(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return null;
        }
    }

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int DIM_OFFSET = 40;
    private static final int DATATYPE_OFFSET = 70;
    private static final int BITPIX_OFFSET = 72;
    private static final int PIXDIM_OFFSET = 76;
    private static final int VOX_OFFSET_OFFSET = 108;
    private static final int SLOPE_OFFSET = 112;
    private static final int INTERCEPT_OFFSET = 116;
    private static final int MAGIC_OFFSET = 344;
    private static final int NIFTI2_HEADER_BYTES = 540;

    private final Path file;
    private final Type type;
    private final ByteOrder order;
    private final List<Integer> dims;
    private final List<Double> spacing;
    private final double slope;
    private final double intercept;
    private final byte[] voxels;

    private NiftiFile(Path file, Type type, ByteOrder order, List<Integer> dims, List<Double> spacing, double slope,
                      double intercept, byte[] voxels) {
        this.file = file;
        this.type = type;
        this.order = order;
        this.dims = dims;
        this.spacing = spacing;
        this.slope = slope;
        this.intercept = intercept;
        this.voxels = voxels;
    }

    /**
     * Reads {@code file}, plain or gzip-compressed.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException                       when it cannot be read or is not a supported NIfTI-1 image;
     *                                           the message names the file and the problem
     */
    public static NiftiFile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream stream = open(file)) {
            return parse(file, stream);
        } catch (ZipException | EOFException damaged) {
            throw new IOException(file + ": damaged gzip stream (" + damaged.getMessage() + ")", damaged);
        }
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES);
        }
        return buffered;
    }

    private static NiftiFile parse(Path file, InputStream stream) throws IOException {
        byte[] headerBytes = new byte[HEADER_BYTES];
        int headerRead = readFully(stream, headerBytes);
        if (headerRead < HEADER_BYTES) {
            throw new IOException(file + ": only " + headerRead + " bytes, too short for a NIfTI-1 header ("
                    + HEADER_BYTES + " bytes)");
        }
        ByteBuffer header = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (header.getInt(0) != HEADER_BYTES) {
            header.order(ByteOrder.BIG_ENDIAN);
            order = ByteOrder.BIG_ENDIAN;
        }
        int size = header.getInt(0);
        if (size != HEADER_BYTES) {
            boolean nifti2 = size == NIFTI2_HEADER_BYTES
                    || Integer.reverseBytes(size) == NIFTI2_HEADER_BYTES;
            throw new IOException(file + (nifti2 ? ": a NIfTI-2 image; only NIfTI-1 is supported"
                    : ": not a NIfTI-1 image: the header size field is " + size + ", not " + HEADER_BYTES));
        }
        String magic = new String(headerBytes, MAGIC_OFFSET, 3, StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) {
            throw new IOException(file + ": the header of a two-file .hdr/.img pair; only single-file NIfTI-1 "
                    + "(.nii or .nii.gz) is supported");
        }
        if (!magic.equals("n+1")) {
            throw new IOException(file + ": not a NIfTI-1 image: magic '" + printable(headerBytes) + "', expected 'n+1'");
        }
        int rank = header.getShort(DIM_OFFSET);
        if (rank < 1 || rank > 7) {
            throw new IOException(file + ": dim[0] is " + rank + ", must be 1 to 7");
        }
        List<Integer> dims = new ArrayList<>(rank);
        List<Double> spacing = new ArrayList<>(rank);
        long count = 1;
        for (int axis = 1; axis <= rank; axis++) {
            int extent = header.getShort(DIM_OFFSET + 2 * axis);
            if (extent < 1) {
                throw new IOException(file + ": dim[" + axis + "] is " + extent + ", must be positive");
            }
            dims.add(extent);
            spacing.add((double) header.getFloat(PIXDIM_OFFSET + 4 * axis));
            count *= extent;
        }
        int code = header.getShort(DATATYPE_OFFSET);
        Type type = Type.ofCode(code);
        if (type == null) {
            throw new IOException(file + ": voxel type " + code + " is not supported; supported: 2 (uint8), "
                    + "4 (int16), 8 (int32), 16 (float32), 64 (float64), 256 (int8), 512 (uint16), 768 (uint32), "
                    + "1024 (int64), 1280 (uint64)");
        }
        int bitpix = header.getShort(BITPIX_OFFSET);
        if (bitpix != 8 * type.bytes()) {
            throw new IOException(file + ": bitpix " + bitpix + " disagrees with voxel type " + type + " ("
                    + 8 * type.bytes() + " bits)");
        }
        float offset = header.getFloat(VOX_OFFSET_OFFSET);
        if (!(offset >= HEADER_BYTES) || offset != Math.rint(offset) || offset > Integer.MAX_VALUE) {
            throw new IOException(file + ": vox_offset " + offset + " must be a whole number of at least "
                    + HEADER_BYTES);
        }
        if (count * type.bytes() > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": dimensions " + dims + " declare more voxel bytes than one Java array holds");
        }
        long skip = (long) offset - HEADER_BYTES;
        if (skipFully(stream, skip) < skip) {
            throw new IOException(file + ": truncated: the file ends before vox_offset " + (long) offset);
        }
        byte[] voxels = new byte[(int) (count * type.bytes())];
        int voxelBytes = readFully(stream, voxels);
        if (voxelBytes < voxels.length) {
            throw new IOException(file + ": truncated: dimensions " + dims + " of " + type + " need "
                    + voxels.length + " bytes of voxels, the file has " + voxelBytes);
        }
        double slope = header.getFloat(SLOPE_OFFSET);
        double intercept = header.getFloat(INTERCEPT_OFFSET);
        boolean scaled = slope != 0 && !Double.isNaN(slope);
        if (scaled && !(Double.isFinite(slope) && Double.isFinite(intercept))) {
            throw new IOException(file + ": scl_slope " + slope + " and scl_inter " + intercept + " must be finite");
        }
        return new NiftiFile(file, type, order, List.copyOf(dims), List.copyOf(spacing), scaled ? slope : 1,
                scaled ? intercept : 0, voxels);
    }

    private static String printable(byte[] header) {
        StringBuilder text = new StringBuilder();
        for (int index = MAGIC_OFFSET; index < MAGIC_OFFSET + 4; index++) {
            int value = header[index] & 0xFF;
            text.append(value >= 0x20 && value < 0x7F ? String.valueOf((char) value) : String.format("\\x%02x", value));
        }
        return text.toString();
    }

    /** Skips {@code count} bytes or up to the end of the stream; returns the bytes skipped. */
    private static long skipFully(InputStream stream, long count) throws IOException {
        long skipped = 0;
        byte[] scratch = new byte[(int) Math.min(count, BUFFER_BYTES)];
        while (skipped < count) {
            int read = stream.read(scratch, 0, (int) Math.min(scratch.length, count - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** Reads until {@code target} is full or the stream ends; returns the bytes read. */
    private static int readFully(InputStream stream, byte[] target) throws IOException {
        int filled = 0;
        while (filled < target.length) {
            int count = stream.read(target, filled, target.length - filled);
            if (count < 0) {
                break;
            }
            filled += count;
        }
        return filled;
    }

    /** The file this was read from, for messages. */
    public Path file() {
        return file;
    }

    public Type type() {
        return type;
    }

    /** The byte order of the header and the voxels. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** The extents {@code dim[1..dim[0]]}, x first. */
    public List<Integer> dims() {
        return dims;
    }

    /** The voxel spacing {@code pixdim[1..dim[0]]}, usually millimetres, x first. */
    public List<Double> spacing() {
        return spacing;
    }

    /** The scaling slope applied to stored values: 1 when the header's is 0 (no scaling). */
    public double slope() {
        return slope;
    }

    /** The scaling intercept: 0 when the header's slope is 0 (no scaling). */
    public double intercept() {
        return intercept;
    }

    /** The number of voxels. */
    public int voxels() {
        return voxels.length / type.bytes();
    }

    /** The extent of axis {@code axis} (0 = x), 1 past the image's rank. */
    public int extent(int axis) {
        return axis < dims.size() ? dims.get(axis) : 1;
    }

    /**
     * Every voxel scaled by the header's slope and intercept, as a float, x fastest (a new array). Integers
     * beyond 2^24 in magnitude lose precision as floats.
     */
    public float[] toFloats() {
        float[] values = new float[voxels()];
        ByteBuffer buffer = ByteBuffer.wrap(voxels).order(order);
        for (int index = 0; index < values.length; index++) {
            double stored = switch (type) {
                case UINT8 -> buffer.get() & 0xFF;
                case INT8 -> buffer.get();
                case INT16 -> buffer.getShort();
                case UINT16 -> buffer.getShort() & 0xFFFF;
                case INT32 -> buffer.getInt();
                case UINT32 -> buffer.getInt() & 0xFFFF_FFFFL;
                case INT64 -> (double) buffer.getLong();
                case UINT64 -> unsigned(buffer.getLong());
                case FLOAT32 -> buffer.getFloat();
                case FLOAT64 -> buffer.getDouble();
            };
            values[index] = (float) (stored * slope + intercept);
        }
        return values;
    }

    private static double unsigned(long value) {
        double magnitude = (double) (value >>> 1) * 2.0 + (value & 1);
        return value >= 0 ? value : magnitude;
    }

    @Override
    public String toString() {
        return file + " (" + type + " " + dims + ")";
    }
}
