package io.nas4j.tasks.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One file in the IDX format of MNIST and Fashion-MNIST, read whole into memory.
 *
 * <p>The format: a 4-byte magic number (two zero bytes, a {@link Type} code, the rank), then one big-endian
 * 32-bit extent per dimension, then the items, big-endian, in row-major order. Files may be gzip-compressed;
 * compression is recognised by gzip's own leading bytes, not by the file name.
 *
 * <p>Contract: {@link #read} either returns a file whose item count matches its header exactly or throws an
 * {@link IOException} whose message names the file and what is wrong with it (bad magic number, unknown
 * type, truncated items, bytes after the last item, a damaged gzip stream). Instances are immutable.
 */
public final class IdxFile {

    /** Item types and their codes, the third byte of the magic number. */
    public enum Type {
        UNSIGNED_BYTE(0x08, 1),
        SIGNED_BYTE(0x09, 1),
        SHORT(0x0B, 2),
        INT(0x0C, 4),
        FLOAT(0x0D, 4),
        DOUBLE(0x0E, 8);

        private final int code;
        private final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** The code in the magic number. */
        public int code() {
            return code;
        }

        /** Bytes per item. */
        public int bytes() {
            return bytes;
        }

        /** True for the four integer types. */
        public boolean integral() {
            return this != FLOAT && this != DOUBLE;
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

    private final Path file;
    private final Type type;
    private final List<Integer> dims;
    private final byte[] items;

    private IdxFile(Path file, Type type, List<Integer> dims, byte[] items) {
        this.file = file;
        this.type = type;
        this.dims = dims;
        this.items = items;
    }

    /**
     * Reads {@code file}, plain or gzip-compressed.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException                       when it cannot be read or is not a well-formed IDX file; the
     *                                           message names the file and the problem
     */
    public static IdxFile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream stream = open(file)) {
            return parse(file, stream);
        } catch (ZipException | EOFException damaged) {
            // Both come out of a gzip stream cut short or corrupted; the plain path counts bytes itself.
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

    private static IdxFile parse(Path file, InputStream stream) throws IOException {
        byte[] magic = new byte[4];
        int magicRead = readFully(stream, magic);
        if (magicRead == 0) {
            throw new IOException(file + ": empty file, not an IDX file");
        }
        if (magicRead < 4) {
            throw new IOException(file + ": only " + magicRead + " bytes, too short for an IDX magic number");
        }
        int magicNumber = ByteBuffer.wrap(magic).getInt();
        Type type = Type.ofCode(magic[2] & 0xFF);
        int rank = magic[3] & 0xFF;
        if (magic[0] != 0 || magic[1] != 0 || type == null || rank == 0) {
            throw new IOException(String.format("%s: not an IDX file: magic number 0x%08X; IDX files start with "
                    + "two zero bytes, a type code (0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E) and a rank of at "
                    + "least 1", file, magicNumber));
        }
        byte[] header = new byte[4 * rank];
        if (readFully(stream, header) < header.length) {
            throw new IOException(file + ": truncated header: the magic number declares " + rank
                    + " dimensions but the file ends before their extents");
        }
        ByteBuffer extents = ByteBuffer.wrap(header);
        List<Integer> dims = new ArrayList<>(rank);
        long itemCount = 1;
        for (int axis = 0; axis < rank; axis++) {
            int extent = extents.getInt();
            if (extent < 0) {
                throw new IOException(file + ": dimension " + axis + " has a negative extent " + extent);
            }
            dims.add(extent);
            itemCount *= extent;
            if (itemCount * type.bytes() > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": dimensions " + dims + " declare more item bytes than one "
                        + "Java array holds");
            }
        }
        byte[] items = new byte[(int) (itemCount * type.bytes())];
        int itemBytes = readFully(stream, items);
        if (itemBytes < items.length) {
            throw new IOException(file + ": truncated: dimensions " + dims + " of " + type + " need "
                    + items.length + " bytes of items, the file has " + itemBytes);
        }
        if (stream.read() != -1) {
            throw new IOException(file + ": bytes follow the " + itemCount + " items that dimensions " + dims
                    + " declare");
        }
        return new IdxFile(file, type, List.copyOf(dims), items);
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

    /** The extents from the header, outermost first; for MNIST images {@code [count, rows, columns]}. */
    public List<Integer> dims() {
        return dims;
    }

    /** The total number of items. */
    public int items() {
        return items.length / type.bytes();
    }

    /** Every item as a float, in file order (a new array); unsigned bytes become 0..255. */
    public float[] toFloats() {
        float[] values = new float[items()];
        if (type == Type.UNSIGNED_BYTE) {
            for (int index = 0; index < values.length; index++) {
                values[index] = items[index] & 0xFF;
            }
            return values;
        }
        ByteBuffer buffer = ByteBuffer.wrap(items).order(ByteOrder.BIG_ENDIAN);
        for (int index = 0; index < values.length; index++) {
            values[index] = switch (type) {
                case SIGNED_BYTE -> buffer.get();
                case SHORT -> buffer.getShort();
                case INT -> buffer.getInt();
                case FLOAT -> buffer.getFloat();
                case DOUBLE -> (float) buffer.getDouble();
                case UNSIGNED_BYTE -> throw new AssertionError("handled above");
            };
        }
        return values;
    }

    /**
     * Every item as an int, in file order (a new array); unsigned bytes become 0..255.
     *
     * @throws IOException when the items are floating point, naming the file
     */
    public int[] toInts() throws IOException {
        if (!type.integral()) {
            throw new IOException(file + ": holds " + type + " items where integers were expected");
        }
        int[] values = new int[items()];
        ByteBuffer buffer = ByteBuffer.wrap(items).order(ByteOrder.BIG_ENDIAN);
        for (int index = 0; index < values.length; index++) {
            values[index] = switch (type) {
                case UNSIGNED_BYTE -> buffer.get() & 0xFF;
                case SIGNED_BYTE -> buffer.get();
                case SHORT -> buffer.getShort();
                case INT -> buffer.getInt();
                case FLOAT, DOUBLE -> throw new AssertionError("rejected above");
            };
        }
        return values;
    }

    @Override
    public String toString() {
        return file + " (" + type + " " + dims + ")";
    }
}
