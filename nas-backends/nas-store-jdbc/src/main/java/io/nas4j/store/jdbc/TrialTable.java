package io.nas4j.store.jdbc;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search's records: its trials and its attributes, read and written each in one transaction. A trial
 * stored as RUNNING is leased to this object ({@code worker} and {@code lease_owner} name its holder).
 *
 * <p>Not thread-safe: the store object that owns it serialises the calls.
 */
final class TrialTable {

    private final Transactions database;
    private final Holder holder;
    private final Duration lease;

    TrialTable(Transactions database, Holder holder, Duration lease) {
        this.database = database;
        this.holder = holder;
        this.lease = lease;
    }

    void putAttribute(String name, String value) {
        database.run("store attribute " + name, c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO search_attributes (name, value) VALUES (?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                upsert.setString(1, name);
                upsert.setString(2, value);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** Stores every attribute in one transaction: all of them or, if it fails, none. */
    void putAttributes(Map<String, String> attributes) {
        database.run("store the search's attributes", c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO search_attributes (name, value) VALUES (?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                    upsert.setString(1, attribute.getKey());
                    upsert.setString(2, attribute.getValue());
                    upsert.executeUpdate();
                }
            }
            return null;
        });
    }

    Optional<String> attribute(String name) {
        return database.run("read attribute " + name, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM search_attributes WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Stores new trials in one transaction; refused as a whole when any id exists. */
    void insertAll(List<TrialRecord> trials) {
        if (trials.isEmpty()) {
            return;
        }
        database.run("store new trials", c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT count(*) FROM trials WHERE id = ?")) {
                for (TrialRecord trial : trials) {
                    exists.setLong(1, trial.id());
                    try (ResultSet row = exists.executeQuery()) {
                        row.next();
                        if (row.getInt(1) > 0) {
                            throw new IllegalStateException("trial " + trial.id() + " already exists");
                        }
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO trials (" + TrialRows.COLUMNS
                    + ", worker, lease_owner, lease_expires_at, lease_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
                for (TrialRecord trial : trials) {
                    int next = TrialRows.bind(insert, 1, trial);
                    bindLease(insert, next, trial.state());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Replaces a stored trial; a RUNNING record takes a new lease for this object, voiding any earlier one. */
    void update(TrialRecord trial) {
        database.run("store trial " + trial.id(), c -> {
            String leaseColumns = trial.state() == TrialState.RUNNING
                    ? ", worker = ?, lease_owner = ?, lease_expires_at = ?, lease_token = lease_token + 1"
                    : ", lease_owner = NULL, lease_expires_at = NULL";
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET id = ?, state = ?, genome = ?, "
                    + "genome_key = ?, fidelity = ?, batch = ?, asked_after_tells = ?, tell_index = ?, metrics = ?, cost = ?, "
                    + "curve = ?, reason = ?, attempt = ?, started_at = ?, finished_at = ?, seconds = ?" + leaseColumns
                    + " WHERE id = ?")) {
                int next = TrialRows.bind(update, 1, trial);
                if (trial.state() == TrialState.RUNNING) {
                    update.setString(next++, holder.id());
                    update.setString(next++, holder.id());
                    update.setLong(next++, System.currentTimeMillis() + lease.toMillis());
                }
                update.setLong(next, trial.id());
                if (update.executeUpdate() == 0) {
                    throw new IllegalStateException("trial " + trial.id() + " does not exist");
                }
            }
            return null;
        });
    }

    List<TrialRecord> trials() {
        return database.run("read the trials", TrialTable::readAll);
    }

    Optional<TrialRecord> trial(long id) {
        return database.run("read trial " + id, c -> read(c, id));
    }

    /** Who last ran each trial, by trial id; trials never started are absent. */
    Map<Long, String> workers() {
        return database.run("read the workers", c -> {
            Map<Long, String> workers = new LinkedHashMap<>();
            try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT id, worker FROM trials WHERE worker IS NOT NULL ORDER BY id")) {
                while (rows.next()) {
                    workers.put(rows.getLong(1), rows.getString(2));
                }
            }
            return workers;
        });
    }

    int schemaVersion() {
        return database.run("read the schema version", c -> {
            try (Statement statement = c.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** The trial with this id, read within the caller's transaction. */
    static Optional<TrialRecord> read(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + TrialRows.COLUMNS + " FROM trials WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(TrialRows.read(row)) : Optional.empty();
            }
        }
    }

    /** Every trial in id order, read within the caller's transaction. */
    static List<TrialRecord> readAll(Connection c) throws SQLException {
        List<TrialRecord> trials = new ArrayList<>();
        try (Statement statement = c.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + TrialRows.COLUMNS + " FROM trials ORDER BY id")) {
            while (rows.next()) {
                trials.add(TrialRows.read(rows));
            }
        }
        return trials;
    }

    private void bindLease(PreparedStatement statement, int first, TrialState state) throws SQLException {
        boolean running = state == TrialState.RUNNING;
        statement.setString(first, running ? holder.id() : null);
        statement.setString(first + 1, running ? holder.id() : null);
        if (running) {
            statement.setLong(first + 2, System.currentTimeMillis() + lease.toMillis());
        } else {
            statement.setNull(first + 2, Types.BIGINT);
        }
    }
}
