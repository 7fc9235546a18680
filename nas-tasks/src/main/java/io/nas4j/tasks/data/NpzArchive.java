package io.nas4j.tasks.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} archive: a zip file (stored, as {@code numpy.savez} writes it, or deflated, as
 * {@code numpy.savez_compressed} does) of {@code .npy} arrays, each named after its entry without
 * {@code .npy}. MedMNIST publishes its data sets this way ({@code train_images}, {@code train_labels},
 * {@code val_images}, ...).
 *
 * <p>Contract: {@link #open} checks that the file is a zip archive and lists its arrays; {@link #array}
 * reads one array on demand (see {@link NpyArray} for the formats and errors). Not thread-safe; close it
 * when done.
 */
public final class NpzArchive implements Closeable {

    private static final String SUFFIX = ".npy";
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final ZipFile zip;
    private final List<String> names;

    private NpzArchive(Path file, ZipFile zip, List<String> names) {
        this.file = file;
        this.zip = zip;
        this.names = names;
    }

    /**
     * Opens {@code file}.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws IOException         when it is not a zip archive, naming it
     */
    public static NpzArchive open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + ": not a NumPy .npz archive (not a zip file: " + e.getMessage() + ")", e);
        }
        List<String> names = new ArrayList<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (!entry.isDirectory() && entry.getName().endsWith(SUFFIX)) {
                names.add(entry.getName().substring(0, entry.getName().length() - SUFFIX.length()));
            }
        }
        return new NpzArchive(file, zip, List.copyOf(names));
    }

    /** The archive's file. */
    public Path file() {
        return file;
    }

    /** The names of the arrays, in archive order. */
    public List<String> names() {
        return names;
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /**
     * Reads the array {@code name}.
     *
     * @throws IOException when the archive has no such array (listing those it has) or the array is malformed
     */
    public NpyArray array(String name) throws IOException {
        ZipEntry entry = zip.getEntry(name + SUFFIX);
        if (entry == null) {
            throw new IOException(file + ": has no array '" + name + "'; it holds " + names);
        }
        String source = file + ":" + entry.getName();
        try (InputStream stream = new BufferedInputStream(zip.getInputStream(entry), BUFFER_BYTES)) {
            NpyArray array = NpyArray.read(stream, source);
            if (stream.read() != -1) {
                throw new IOException(source + ": bytes follow the " + array.size() + " items that shape "
                        + array.shape() + " declares");
            }
            return array;
        } catch (ZipException e) {
            throw new IOException(source + ": damaged zip entry (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    @Override
    public String toString() {
        return file + " " + names;
    }
}
