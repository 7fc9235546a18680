package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.latency.LatencyProfiler;
import io.nas4j.core.latency.LatencyTable;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.space.SearchSpace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Per-op latency tables kept as JSON files, one per backend and machine: {@code {"backend": NAME,
 * "milliseconds": {KEY: MS, ...}}}. The default file is {@code BACKEND.json} in the folder named by the
 * property {@value #CACHE_PROPERTY}, by default {@code ~/.cache/nas4j/latency}: a table describes a
 * machine, not a search, so every search on the machine shares it and profiles each op configuration once.
 * Several processes (search workers) may grow one file: each save takes a file lock, merges what the file
 * holds with its own entries and replaces the file atomically. Entries are timed with the engine threads
 * of the process that profiles them (a search worker gets the machine's cores divided among the workers).
 *
 * <p>The file also keeps {@code "calibrations"}: per search space and input shape, the factor that maps the
 * table's sums onto whole networks measured on this machine ({@link #calibrated}). A sum of ops timed
 * alone misses what a whole network costs in cache misses and dispatch (on 3x32x32 NAS-Bench-201 networks
 * the whole took about 1.5 times the sum), so a latency limit compares the calibrated prediction.
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

    /** Whole networks measured to calibrate a space's predictions when the file holds no factor for it. */
    public static final int CALIBRATION_NETWORKS = 8;

    /**
     * A predictor as {@link #predictor} gives, scaled by the calibration factor of {@code space} on
     * {@code head}'s input: the factor in {@code file} when it holds one, else measured now and saved there.
     * Measuring draws {@value #CALIBRATION_NETWORKS} distinct valid networks from the space with a fixed
     * seed (the factor describes the machine, not a search), predicts each (profiling missing ops), compiles
     * and times each whole with the profiler's settings (batch 1, one thread, warm-up runs then the median),
     * and takes {@link LatencyPredictor#calibration}. The key is the space's name and the input shape, so a
     * space built with other widths under the same name shares the factor.
     */
    public static <G extends Genome> LatencyPredictor calibrated(TrainingBackend backend, Path file, SearchSpace<G> space,
                                                                 TaskHead head) {
        LatencyPredictor predictor = predictor(backend, file);
        String key = calibrationKey(space, head);
        Double known = stored(backend.name(), file).calibrations().get(key);
        if (known != null) {
            return predictor.scaled(known);
        }
        SplittableRandom random = new SplittableRandom(0);
        Map<String, NetworkSpec> networks = new LinkedHashMap<>();
        for (int draw = 0; draw < 50 * CALIBRATION_NETWORKS && networks.size() < CALIBRATION_NETWORKS; draw++) {
            G genome = space.sample(random);
            NetworkSpec network = space.decode(genome, head);
            if (NetworkAnalysis.of(network).valid()) {
                networks.putIfAbsent(space.key(genome), network);
            }
        }
        double[] predicted = new double[networks.size()];
        double[] measured = new double[networks.size()];
        int index = 0;
        for (NetworkSpec network : networks.values()) {
            predicted[index] = predictor.predict(network);
            try (TrainingBackend.Model model = backend.compile(network)) {
                measured[index] = backend.measureLatency(model, LatencyProfiler.DEFAULT_WARMUP, LatencyProfiler.DEFAULT_RUNS)
                        .medianMs();
            }
            index++;
        }
        double factor = networks.isEmpty() ? 1 : LatencyPredictor.calibration(predicted, measured);
        saveCalibration(backend.name(), key, factor, file);
        return predictor.scaled(factor);
    }

    /** The key of a space's calibration: its name and the input shape, e.g. {@code nb201 1x8x8}. */
    static String calibrationKey(SearchSpace<?> space, TaskHead head) {
        return space.name() + " " + head.input().dims().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining("x"));
    }

    /** The calibration factors in {@code file} by key; empty when there is no file. */
    public static Map<String, Double> calibrations(String backend, Path file) {
        return stored(backend, file).calibrations();
    }

    /** The table in {@code file}, or an empty one for {@code backend} when the file does not exist. */
    public static LatencyTable read(String backend, Path file) {
        Stored stored = stored(backend, file);
        return LatencyTable.of(backend, stored.milliseconds());
    }

    private static Stored stored(String backend, Path file) {
        if (!Files.exists(file)) {
            return new Stored(backend, Map.of(), Map.of());
        }
        try {
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            if (!backend.equals(stored.backend())) {
                throw new IllegalArgumentException("the latency table " + file + " belongs to backend " + stored.backend()
                        + ", not " + backend);
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the latency table " + file + ": " + e.getMessage(), e);
        }
    }

    /** Merges {@code table} into {@code file} (entries already there win) under a file lock. */
    public static void save(LatencyTable table, Path file) {
        update(table.backend(), file, stored -> {
            LatencyTable merged = LatencyTable.of(stored.backend(), stored.milliseconds());
            merged.addAll(table);
            return new Stored(stored.backend(), merged.entries(), stored.calibrations());
        });
    }

    /** Records {@code factor} as the calibration under {@code key} in {@code file} unless it holds one already. */
    static void saveCalibration(String backend, String key, double factor, Path file) {
        update(backend, file, stored -> {
            Map<String, Double> calibrations = new TreeMap<>(stored.calibrations());
            calibrations.putIfAbsent(key, factor);
            return new Stored(stored.backend(), stored.milliseconds(), calibrations);
        });
    }

    /** Replaces {@code file} by {@code change} of what it holds, under a file lock, atomically. */
    private static void update(String backend, Path file, UnaryOperator<Stored> change) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path lock = folder.resolve(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Stored changed = change.apply(stored(backend, file));
                Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
                JSON.writeValue(temporary.toFile(), changed);
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

    /** The file's form; a file written before calibrations existed has none. */
    record Stored(String backend, Map<String, Double> milliseconds, Map<String, Double> calibrations) {
        Stored {
            milliseconds = milliseconds == null ? Map.of() : new TreeMap<>(milliseconds);
            calibrations = calibrations == null ? Map.of() : new TreeMap<>(calibrations);
        }
    }
}
