package io.nas4j.store.jdbc;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStoreSnapshot;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads a store without writing to it: a read-only connection opened for one read, one transaction for
 * the attributes and the trials, no migration, lock or lease. A dashboard may so read the store while the
 * search that owns it writes (WAL mode lets readers and the writer proceed together).
 */
final class StoreReader {

    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private StoreReader() {
    }

    /** What the store at {@code url} holds; empty when there is no store there yet. */
    static Optional<TrialStoreSnapshot> read(String url) {
        Dialect dialect = Dialect.of(url).orElseThrow(() -> new IllegalArgumentException(
                "the store URL " + Transactions.redact(url) + " is neither jdbc:sqlite:FILE nor jdbc:postgresql://HOST/DATABASE"));
        if (dialect == Dialect.SQLITE) {
            Optional<Path> file = Dialect.sqliteFile(url);
            if (file.isPresent()) {
                return readFile(file.get());
            }
        }
        return read(url, dialect, Transactions.redact(url), new Properties());
    }

    /** What the SQLite store in {@code file} holds; empty when the file does not exist. */
    static Optional<TrialStoreSnapshot> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return read(readOnlyUrl(file), Dialect.SQLITE, file.toString(), config.toProperties());
    }

    /**
     * The URL that reads {@code file} without leaving anything behind. While a search writes the store, its
     * WAL file exists and the reader joins the writer's shared memory; once no process has the store open
     * there is no WAL file, and a plain read-only connection would create {@code -wal} and {@code -shm}
     * files it cannot remove, so the file is opened as immutable (no locks, no side files) instead.
     */
    static String readOnlyUrl(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute.resolveSibling(absolute.getFileName() + "-wal"))) {
            return "jdbc:sqlite:" + absolute;
        }
        return "jdbc:sqlite:file:" + absolute.toUri().getRawPath() + "?immutable=1";
    }

    private static Optional<TrialStoreSnapshot> read(String url, Dialect dialect, String description, Properties properties) {
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.setReadOnly(true);
            if (dialect == Dialect.POSTGRESQL) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            // one transaction, so that the attributes and the trials are one consistent snapshot
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (count(statement, dialect.tableExists("schema_version")) == 0) {
                    if (count(statement, dialect.countTables()) == 0) {
                        return Optional.empty();
                    }
                    throw new IllegalStateException("cannot read the trial store " + description
                            + ": it holds other tables and is not a nas4j trial store");
                }
                long version = count(statement, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
                if (version > Migrations.latest()) {
                    throw new IllegalStateException("cannot read the trial store " + description + ": it has schema version "
                            + version + ", newer than this nas4j knows (" + Migrations.latest() + "); use a newer nas4j");
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT name, value FROM search_attributes ORDER BY name")) {
                    while (rows.next()) {
                        attributes.put(rows.getString(1), rows.getString(2));
                    }
                }
                List<TrialRecord> trials = TrialTable.readAll(connection);
                connection.commit();
                return Optional.of(new TrialStoreSnapshot(attributes, trials));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the trial store " + description + ": "
                    + Transactions.firstSentence(e.getMessage()), e);
        }
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
