package io.nas4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a search's SQLite trial store ({@code DIR/trials.db}) holds at one moment: its attributes and its
 * trials, read through a read-only connection opened for this one read. Reading never writes: no schema
 * migration, no lock, no lease, so a dashboard can read the file while the search that owns it writes
 * (WAL mode lets readers and the writer proceed together).
 *
 * @param attributes the search's attributes ({@code kind}, {@code config}, {@code seed}, ...)
 * @param trials     every trial, in id order
 */
public record StoreSnapshot(Map<String, String> attributes, List<TrialRecord> trials) {

    private static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, Double>> METRICS = new TypeReference<>() { };
    private static final TypeReference<List<Double>> CURVE = new TypeReference<>() { };

    public StoreSnapshot {
        attributes = Map.copyOf(attributes);
        trials = List.copyOf(trials);
    }

    /**
     * Reads {@code directory/trials.db}, or returns empty when the folder has no store file.
     *
     * @throws IllegalStateException naming the file when it cannot be read as a trial store
     */
    public static Optional<StoreSnapshot> read(Path directory) {
        Path file = directory.resolve(StoredSearch.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        try (Connection connection = DriverManager.getConnection(url(file), config.toProperties())) {
            // one transaction, so that the attributes and the trials are one consistent snapshot
            connection.setAutoCommit(false);
            Map<String, String> attributes = new LinkedHashMap<>();
            List<TrialRecord> trials = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT name, value FROM search_attributes ORDER BY name")) {
                    while (rows.next()) {
                        attributes.put(rows.getString(1), rows.getString(2));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT id, state, genome, genome_key, fidelity, batch, "
                        + "asked_after_tells, tell_index, metrics, cost, curve, reason, attempt, started_at, finished_at "
                        + "FROM trials ORDER BY id")) {
                    while (rows.next()) {
                        trials.add(trial(rows));
                    }
                }
            }
            connection.commit();
            return Optional.of(new StoreSnapshot(attributes, trials));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the trial store " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The URL that reads {@code file} without leaving anything behind. While a search writes the store, its
     * WAL file exists and the reader joins the writer's shared memory; once no process has the store open
     * there is no WAL file, and a plain read-only connection would create {@code -wal} and {@code -shm}
     * files it cannot remove, so the file is opened as immutable (no locks, no side files) instead.
     */
    static String url(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute.resolveSibling(absolute.getFileName() + "-wal"))) {
            return "jdbc:sqlite:" + absolute;
        }
        return "jdbc:sqlite:file:" + absolute.toUri().getRawPath() + "?immutable=1";
    }

    /** The attribute, if stored. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    private static TrialRecord trial(ResultSet row) throws SQLException {
        String started = row.getString("started_at");
        String finished = row.getString("finished_at");
        return new TrialRecord(row.getLong("id"), row.getInt("batch"), row.getInt("asked_after_tells"),
                row.getInt("tell_index"), row.getString("genome"), row.getString("genome_key"),
                number(row, "fidelity"), TrialState.valueOf(row.getString("state")), metrics(row.getString("metrics")),
                number(row, "cost"), row.getString("reason"), row.getInt("attempt"), curve(row.getString("curve")),
                started == null ? null : Instant.parse(started), finished == null ? null : Instant.parse(finished));
    }

    private static Map<String, Double> metrics(String text) throws SQLException {
        try {
            return JSON.readValue(text, METRICS);
        } catch (JsonProcessingException e) {
            throw new SQLException("a trial's metrics are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Double> curve(String text) throws SQLException {
        try {
            List<Double> values = JSON.readValue(text, CURVE);
            // a null element (a value the writer could not store) reads as NaN, which List.copyOf accepts
            List<Double> copy = new ArrayList<>(values.size());
            values.forEach(value -> copy.add(value == null ? Double.NaN : value));
            return copy;
        } catch (JsonProcessingException e) {
            throw new SQLException("a trial's curve is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static double number(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Double.NaN : value;
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
