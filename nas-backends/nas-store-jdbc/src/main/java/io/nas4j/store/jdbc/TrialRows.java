package io.nas4j.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trial records to and from rows. Metrics and curves are JSON text (no polymorphic typing: plain maps of
 * numbers and lists of numbers, NaN as the string "NaN"); doubles that are NaN are stored as NULL and
 * read back as NaN; infinite fidelities are stored as they are; instants as ISO-8601 text.
 */
final class TrialRows {

    static final String COLUMNS = "id, state, genome, genome_key, fidelity, batch, asked_after_tells, tell_index, "
            + "metrics, cost, curve, reason, attempt, started_at, finished_at, seconds";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, Double>> METRICS = new TypeReference<>() { };
    private static final TypeReference<List<Double>> CURVE = new TypeReference<>() { };

    private TrialRows() {
    }

    /** Sets the 16 {@link #COLUMNS} from {@code first}, in that order. */
    static int bind(PreparedStatement statement, int first, TrialRecord trial) throws SQLException {
        int i = first;
        statement.setLong(i++, trial.id());
        statement.setString(i++, trial.state().name());
        statement.setString(i++, trial.genome());
        statement.setString(i++, trial.key());
        setDouble(statement, i++, trial.fidelity());
        statement.setInt(i++, trial.batch());
        statement.setInt(i++, trial.askedAfterTells());
        statement.setInt(i++, trial.tellIndex());
        statement.setString(i++, metrics(trial.metrics()));
        setDouble(statement, i++, trial.cost());
        statement.setString(i++, curve(trial.curve()));
        statement.setString(i++, trial.reason());
        statement.setInt(i++, trial.attempt());
        statement.setString(i++, trial.startedAt() == null ? null : trial.startedAt().toString());
        statement.setString(i++, trial.finishedAt() == null ? null : trial.finishedAt().toString());
        setDouble(statement, i++, trial.seconds());
        return i;
    }

    /**
     * The record in the current row, read by column name.
     *
     * @throws SQLException naming the trial and the column when a value is not one nas4j writes (a store changed
     *                      by hand)
     */
    static TrialRecord read(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        return new TrialRecord(id, row.getInt("batch"), row.getInt("asked_after_tells"),
                row.getInt("tell_index"), row.getString("genome"), row.getString("genome_key"),
                getDouble(row, "fidelity"), readState(id, row.getString("state")),
                readMetrics(row.getString("metrics")), getDouble(row, "cost"), row.getString("reason"),
                row.getInt("attempt"), readCurve(row.getString("curve")),
                readInstant(id, "started_at", row.getString("started_at")),
                readInstant(id, "finished_at", row.getString("finished_at")));
    }

    private static Instant readInstant(long id, String column, String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new SQLException("trial " + id + " has " + column + " '" + text + "', which is not an instant such as "
                    + "2024-05-01T12:00:00Z", e);
        }
    }

    private static TrialState readState(long id, String text) throws SQLException {
        try {
            return TrialState.valueOf(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("trial " + id + " has state '" + text + "', which is not one of "
                    + java.util.Arrays.toString(TrialState.values()), e);
        }
    }

    static String metrics(Map<String, Double> metrics) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metrics));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write metrics as JSON", e);
        }
    }

    static String curve(List<Double> curve) {
        try {
            return JSON.writeValueAsString(curve);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a curve as JSON", e);
        }
    }

    private static Map<String, Double> readMetrics(String text) throws SQLException {
        try {
            return JSON.readValue(text, METRICS);
        } catch (JsonProcessingException e) {
            throw new SQLException("a trial's metrics are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Double> readCurve(String text) throws SQLException {
        try {
            List<Double> values = JSON.readValue(text, CURVE);
            // a null element (a value a writer could not store) reads as NaN, which List.copyOf accepts
            List<Double> curve = new ArrayList<>(values.size());
            values.forEach(value -> curve.add(value == null ? Double.NaN : value));
            return curve;
        } catch (JsonProcessingException e) {
            throw new SQLException("a trial's curve is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void setDouble(PreparedStatement statement, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static double getDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Double.NaN : value;
    }
}
