package io.nas4j.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned schema: ordered scripts {@code migration/V<n>__<what>.sql}, each applied once, in one
 * transaction with its row in {@code schema_version}. Opening a store brings it to the latest version;
 * a store written by a newer nas4j (a version this one does not know) is refused, not downgraded.
 */
final class Migrations {

    /** The scripts in the order they apply; a new one is appended, never inserted or edited. */
    static final List<String> SCRIPTS = List.of("V1__trials.sql", "V2__lease_index.sql");

    private static final long POSTGRES_LOCK = 0x6e6173346a4cL;

    private Migrations() {
    }

    /** The latest version this code knows. */
    static int latest() {
        return SCRIPTS.size();
    }

    /**
     * Brings the schema to the latest version inside the connection's current transaction (the caller
     * commits). With {@code create} false, a database without the schema is refused rather than set up.
     *
     * @return the version the database had before, 0 when it was new
     */
    static int migrate(Connection connection, Dialect dialect, boolean create, String store) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                // many workers may open a new store at once; one migrates, the others then find it done
                statement.execute("SELECT pg_advisory_xact_lock(" + POSTGRES_LOCK + ")");
            }
            boolean exists = exists(statement, dialect);
            if (!exists) {
                if (!create) {
                    throw new StoreException(store + " is not a nas4j trial store (it has no schema_version table)");
                }
                if (dialect == Dialect.SQLITE && count(statement, dialect.countTables()) > 0) {
                    throw new StoreException(store + " holds other tables and is not a nas4j trial store");
                }
                statement.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                        + "script VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)");
            }
            int current = (int) count(statement, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
            if (current > latest()) {
                throw new StoreException(store + " has schema version " + current + ", newer than this nas4j knows ("
                        + latest() + "); use a newer nas4j");
            }
            for (int version = current + 1; version <= latest(); version++) {
                String script = SCRIPTS.get(version - 1);
                for (String sql : statements(read(script))) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, script);
                    insert.setString(3, Instant.now().toString());
                    insert.executeUpdate();
                }
            }
            return current;
        }
    }

    private static boolean exists(Statement statement, Dialect dialect) throws SQLException {
        return count(statement, dialect.tableExists("schema_version")) > 0;
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The statements of a script: comment lines dropped, split where a line ends with ';'. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + script + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
