package io.nas4j.tasks.data;

import java.io.BufferedInputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy array in the {@code .npy} format (versions 1.0, 2.0 and 3.0), read whole into memory; the
 * arrays of an {@code .npz} archive ({@link NpzArchive}) are such files.
 *
 * <p>The format: the magic {@code \x93NUMPY}, a major and a minor version byte, the header's length
 * (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), the header (a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}), then the items. Supported dtypes: booleans
 * ({@code b1}), signed and unsigned integers of 1, 2, 4 and 8 bytes ({@code i1..i8}, {@code u1..u8}) and
 * floats of 2, 4 and 8 bytes ({@code f2}, {@code f4}, {@code f8}), little- ({@code <}), big-endian
 * ({@code >}) or byte-sized ({@code |}); {@code =} (the writer's native order) is read as little-endian,
 * the order of every machine NumPy runs on in practice. Arrays must be in C order (the last axis varies
 * fastest), which is NumPy's default.
 *
 * <p>Contract: {@link #read} returns an array whose item count matches its shape, or throws an
 * {@link IOException} naming the source and what is wrong (bad magic, an unsupported version or dtype,
 * Fortran order, a malformed header, truncated items). Instances are immutable.
 */
public final class NpyArray {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DTYPE = Pattern.compile("([<>|=])([biuf])(\\d+)");
    private static final int BUFFER_BYTES = 1 << 16;

    /** The kind of item: boolean, signed or unsigned integer, float. */
    public enum Kind { BOOLEAN, SIGNED, UNSIGNED, FLOAT }

    private final String source;
    private final String dtype;
    private final Kind kind;
    private final int itemBytes;
    private final ByteOrder order;
    private final List<Integer> shape;
    private final byte[] items;

    private NpyArray(String source, String dtype, Kind kind, int itemBytes, ByteOrder order, List<Integer> shape,
                     byte[] items) {
        this.source = source;
        this.dtype = dtype;
        this.kind = kind;
        this.itemBytes = itemBytes;
        this.order = order;
        this.shape = shape;
        this.items = items;
    }

    /**
     * Reads the {@code .npy} file {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException                       when it is not a supported {@code .npy} file, naming it
     */
    public static NpyArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
            NpyArray array = read(stream, file.toString());
            if (stream.read() != -1) {
                throw new IOException(file + ": bytes follow the " + array.size() + " items that shape "
                        + array.shape + " declares");
            }
            return array;
        }
    }

    /**
     * Reads one array from {@code stream}, leaving the stream just after its last item.
     *
     * @param source names the array in messages, for example {@code organmnist3d.npz:train_images.npy}
     */
    public static NpyArray read(InputStream stream, String source) throws IOException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(source, "source");
        byte[] preamble = new byte[MAGIC.length + 2];
        int preambleRead = readFully(stream, preamble);
        for (int index = 0; index < MAGIC.length; index++) {
            if (index >= preambleRead || preamble[index] != MAGIC[index]) {
                throw new IOException(source + ": not a NumPy .npy array (it does not start with \\x93NUMPY)");
            }
        }
        if (preambleRead < preamble.length) {
            throw new IOException(source + ": truncated before the format version");
        }
        int major = preamble[MAGIC.length] & 0xFF;
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new IOException(source + ": .npy format version " + major + "."
                    + (preamble[MAGIC.length + 1] & 0xFF) + " is not supported; supported: 1.0, 2.0, 3.0");
        };
        byte[] lengthField = new byte[lengthBytes];
        if (readFully(stream, lengthField) < lengthBytes) {
            throw new IOException(source + ": truncated before the header length");
        }
        ByteBuffer length = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? length.getShort() & 0xFFFF : length.getInt() & 0xFFFF_FFFFL;
        if (headerLength > 1 << 20) {
            throw new IOException(source + ": a header of " + headerLength + " bytes is not plausible");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        if (readFully(stream, headerBytes) < headerBytes.length) {
            throw new IOException(source + ": truncated inside the header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(source, header, DESCR, "descr");
        if (field(source, header, FORTRAN, "fortran_order").equals("True")) {
            throw new IOException(source + ": the array is in Fortran order; only C order is supported "
                    + "(write it with numpy.ascontiguousarray)");
        }
        List<Integer> shape = shape(source, field(source, header, SHAPE, "shape"));
        Matcher dtype = DTYPE.matcher(descr);
        if (!dtype.matches()) {
            throw new IOException(source + ": dtype '" + descr + "' is not supported; supported: booleans, integers "
                    + "and floats such as <f4, |u1, <i8, >i2");
        }
        int itemBytes = Integer.parseInt(dtype.group(3));
        Kind kind = switch (dtype.group(2)) {
            case "b" -> Kind.BOOLEAN;
            case "i" -> Kind.SIGNED;
            case "u" -> Kind.UNSIGNED;
            default -> Kind.FLOAT;
        };
        boolean sizeSupported = switch (kind) {
            case BOOLEAN -> itemBytes == 1;
            case SIGNED, UNSIGNED -> itemBytes == 1 || itemBytes == 2 || itemBytes == 4 || itemBytes == 8;
            case FLOAT -> itemBytes == 2 || itemBytes == 4 || itemBytes == 8;
        };
        if (!sizeSupported) {
            throw new IOException(source + ": dtype '" + descr + "' is not supported; supported: b1, i1-i8, u1-u8, "
                    + "f2, f4, f8");
        }
        ByteOrder order = dtype.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = 1;
        for (int extent : shape) {
            count *= extent;
            if (count * itemBytes > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": shape " + shape + " of " + descr
                        + " declares more bytes than one Java array holds");
            }
        }
        byte[] items = new byte[(int) (count * itemBytes)];
        int itemsRead = readFully(stream, items);
        if (itemsRead < items.length) {
            throw new IOException(source + ": truncated: shape " + shape + " of " + descr + " needs " + items.length
                    + " bytes of items, the array has " + itemsRead);
        }
        return new NpyArray(source, descr, kind, itemBytes, order, List.copyOf(shape), items);
    }

    private static String field(String source, String header, Pattern pattern, String name) throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(source + ": the header has no readable '" + name + "' entry: " + header.strip());
        }
        return matcher.group(1);
    }

    private static List<Integer> shape(String source, String text) throws IOException {
        List<Integer> shape = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.strip();
            if (trimmed.endsWith("L")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                int extent = Integer.parseInt(trimmed);
                if (extent < 0) {
                    throw new NumberFormatException("negative");
                }
                shape.add(extent);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": shape (" + text + ") is not a tuple of non-negative whole numbers");
            }
        }
        return shape;
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

    /** Where the array was read from, for messages. */
    public String source() {
        return source;
    }

    /** The dtype as the header gives it, for example {@code <f4} or {@code |u1}. */
    public String dtype() {
        return dtype;
    }

    public Kind kind() {
        return kind;
    }

    /** The extents, outermost first; empty for a scalar. */
    public List<Integer> shape() {
        return shape;
    }

    /** The number of items. */
    public int size() {
        return items.length / itemBytes;
    }

    /**
     * Every item as a float, in C order (a new array); booleans become 0 and 1. 64-bit integers beyond
     * 2^24 in magnitude lose precision.
     */
    public float[] toFloats() {
        float[] values = new float[size()];
        ByteBuffer buffer = ByteBuffer.wrap(items).order(order);
        for (int index = 0; index < values.length; index++) {
            values[index] = switch (kind) {
                case FLOAT -> switch (itemBytes) {
                    case 2 -> halfToFloat(buffer.getShort());
                    case 4 -> buffer.getFloat();
                    default -> (float) buffer.getDouble();
                };
                case BOOLEAN, SIGNED -> (float) integer(buffer);
                case UNSIGNED -> (float) unsignedToDouble(integer(buffer));
            };
        }
        return values;
    }

    /**
     * Every item as an int, in C order (a new array).
     *
     * @throws IOException when the items are floats or a value does not fit an int, naming the source
     */
    public int[] toInts() throws IOException {
        if (kind == Kind.FLOAT) {
            throw new IOException(source + ": holds " + dtype + " floats where integers were expected");
        }
        int[] values = new int[size()];
        ByteBuffer buffer = ByteBuffer.wrap(items).order(order);
        for (int index = 0; index < values.length; index++) {
            long value = integer(buffer);
            boolean wrapped = kind == Kind.UNSIGNED && value < 0;
            if (wrapped || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IOException(source + ": item " + index + " (" + Long.toUnsignedString(value)
                        + ") does not fit a 32-bit int");
            }
            values[index] = (int) value;
        }
        return values;
    }

    /** The next integer item; an unsigned 64-bit value above Long.MAX_VALUE comes back negative. */
    private long integer(ByteBuffer buffer) {
        boolean unsigned = kind != Kind.SIGNED;
        return switch (itemBytes) {
            case 1 -> unsigned ? buffer.get() & 0xFF : buffer.get();
            case 2 -> unsigned ? buffer.getShort() & 0xFFFF : buffer.getShort();
            case 4 -> unsigned ? buffer.getInt() & 0xFFFF_FFFFL : buffer.getInt();
            default -> buffer.getLong();
        };
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }

    /** IEEE 754 half precision to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    @Override
    public String toString() {
        return source + " (" + dtype + " " + shape + ")";
    }
}
