package io.nas4j.core.latency;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-operation latency lookup table for one backend on one machine: milliseconds per example (batch 1,
 * one thread) for each {@link OpSignature#key() op signature}, and for each input shape the fixed cost of
 * running a network at all ({@link OpSignature#networkKey}). Built by a {@link LatencyProfiler}; read by a
 * {@link LatencyPredictor}. Thread-safe; entries are only added, never changed, so a table can be shared
 * and merged with another of the same backend.
 */
public final class LatencyTable {

    private final String backend;
    private final Map<String, Double> milliseconds = new ConcurrentHashMap<>();

    /** An empty table for the backend named {@code backend}. */
    public LatencyTable(String backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** A table holding {@code entries} (key to milliseconds, each finite and at least 0). */
    public static LatencyTable of(String backend, Map<String, Double> entries) {
        LatencyTable table = new LatencyTable(backend);
        entries.forEach(table::put);
        return table;
    }

    public String backend() {
        return backend;
    }

    public OptionalDouble get(String key) {
        Double value = milliseconds.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Adds an entry unless the key has one already; returns the value the table holds afterwards. */
    public double put(String key, double value) {
        Objects.requireNonNull(key, "key");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("latency of " + key + " must be finite and at least 0, got " + value);
        }
        return milliseconds.merge(key, value, (old, added) -> old);
    }

    /** Adds every entry of {@code other} this table lacks. */
    public void addAll(LatencyTable other) {
        other.milliseconds.forEach(this::put);
    }

    public int size() {
        return milliseconds.size();
    }

    /** The entries, sorted by key. */
    public Map<String, Double> entries() {
        return new TreeMap<>(milliseconds);
    }
}
