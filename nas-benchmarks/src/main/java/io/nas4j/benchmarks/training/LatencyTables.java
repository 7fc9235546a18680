package io.nas4j.benchmarks.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.latency.LatencyProfiler;
import io.nas4j.core.latency.LatencyTable;
import io.nas4j.core.port.TrainingBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-op latency tables kept as JSON files, one per backend and machine: {@code {"backend": NAME,
 * "milliseconds": {KEY: MS, ...}}}. The default file is {@code BACKEND.json} in the folder named by the
 * property {@value #CACHE_PROPERTY}, by default {@code ~/.cache/nas4j/latency}: a table describes a
 * machine, not a search, so every search on the machine shares it and profiles each op configuration once.
 * Several processes (search workers) may grow one file: each save takes a file lock, merges what the file
 * holds with its own entries and replaces the file atomically. Entries are timed with the engine threads
 * of the process that profiles them (a search worker gets the machine's cores divided among the workers).
 */
public final class LatencyTables {

    /** The property naming the folder of the tables. */
    public static final String CACHE_PROPERTY = "nas4j.latency.cache";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private LatencyTables() {
    }

    /** The table file of {@code backend} in the cache folder. */
    public static Path defaultFile(String backend) {
        String folder = System.getProperty(CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "nas4j", "latency").toString());
        return Path.of(folder).resolve(backend + ".json");
    }

    /**
     * A predictor over the table in {@code file} (empty if there is none yet) that profiles missing op
     * configurations on {@code backend} and saves the grown table to {@code file}.
     */
    public static LatencyPredictor predictor(TrainingBackend backend, Path file) {
        LatencyTable table = read(backend.name(), file);
        return new LatencyPredictor(table, new LatencyProfiler(backend), grown -> save(grown, file));
    }

    /** The table in {@code file}, or an empty one for {@code backend} when the file does not exist. */
    public static LatencyTable read(String backend, Path file) {
        if (!Files.exists(file)) {
            return new LatencyTable(backend);
        }
        try {
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            if (!backend.equals(stored.backend())) {
                throw new IllegalArgumentException("the latency table " + file + " belongs to backend " + stored.backend()
                        + ", not " + backend);
            }
            return LatencyTable.of(backend, stored.milliseconds() == null ? Map.of() : stored.milliseconds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the latency table " + file + ": " + e.getMessage(), e);
        }
    }

    /** Merges {@code table} into {@code file} (entries already there win) under a file lock. */
    public static void save(LatencyTable table, Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path lock = folder.resolve(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                LatencyTable merged = read(table.backend(), file);
                merged.addAll(table);
                Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
                JSON.writeValue(temporary.toFile(), new Stored(merged.backend(), new TreeMap<>(merged.entries())));
                try {
                    // a temporary file is private; the table is not
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep its default permissions
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency table " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's form. */
    record Stored(String backend, Map<String, Double> milliseconds) {
    }
}
