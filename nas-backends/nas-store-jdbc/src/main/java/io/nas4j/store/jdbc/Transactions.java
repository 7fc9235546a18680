package io.nas4j.store.jdbc;

import io.nas4j.core.port.TrialStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One store object's connection and how work runs on it: each piece of work is one transaction,
 * committed when it returns, rolled back when it throws. A failed statement becomes a
 * {@link StoreException} naming the store and the cause in one sentence.
 *
 * <p>Not thread-safe: the store object that owns it serialises the calls.
 */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final int BUSY_TIMEOUT_MILLIS = 60_000;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** What runs inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String description;
    private final Dialect dialect;
    private final Connection connection;
    private boolean closed;

    private Transactions(String description, Dialect dialect, Connection connection) {
        this.description = description;
        this.dialect = dialect;
        this.connection = connection;
    }

    /** Connects to {@code url} with the settings the store relies on (WAL and full sync on SQLite). */
    static Transactions connect(String url, Dialect dialect, String description) {
        try {
            Connection connection;
            if (dialect == Dialect.SQLITE) {
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
                connection = DriverManager.getConnection(url, config.toProperties());
            } else {
                Properties properties = new Properties();
                if (!url.contains("connectTimeout=")) {
                    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
                }
                if (!url.contains("ApplicationName=")) {
                    properties.setProperty("ApplicationName", "nas4j");
                }
                connection = DriverManager.getConnection(url, properties);
                connection.setAutoCommit(false);
            }
            return new Transactions(description, dialect, connection);
        } catch (SQLException e) {
            String cause = firstSentence(e.getMessage());
            if (dialect == Dialect.SQLITE && cause.contains("not a database")) {
                throw new StoreException(description + " is not an SQLite database", e);
            }
            throw new StoreException("cannot open the trial store " + description + ": " + cause, e);
        }
    }

    /** The store's URL without credentials, or its file. */
    String description() {
        return description;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean closed() {
        return closed;
    }

    /**
     * Runs {@code work} as one transaction.
     *
     * @param what what the work does, for the error message ("cannot WHAT in STORE: cause")
     */
    <T> T run(String what, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the trial store " + description + " is closed");
        }
        try {
            begin();
            T value = work.run(connection);
            commit();
            return value;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot " + what + " in " + description + ": " + firstSentence(e.getMessage()), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Closes the connection; later work is refused. */
    void close() {
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", description, e.getMessage());
        }
    }

    /*
     * SQLite connections stay in auto-commit mode and begin each transaction themselves with BEGIN
     * IMMEDIATE: the write lock is taken when the transaction begins (two writers never deadlock upgrading
     * a read lock) and released at its end. The driver's own transaction handling would begin the next
     * transaction right after each commit and so hold the lock between transactions.
     */
    private void begin() throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
        }
    }

    private void commit() throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
        } else {
            connection.commit();
        }
    }

    private void rollback() {
        try {
            if (dialect == Dialect.SQLITE) {
                try (Statement statement = connection.createStatement()) {
                    // fails harmlessly when the transaction never began
                    statement.execute("ROLLBACK");
                }
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback: {}", e.getMessage());
        }
    }

    /** The URL without user information or query parameters (which may hold a password). */
    static String redact(String url) {
        return TrialStores.redact(url);
    }

    /** The first sentence of a driver's message, on one line, without its final full stop. */
    static String firstSentence(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String line = message.replaceAll("\\s*\\R\\s*", " ").strip();
        int end = line.indexOf(". ");
        line = end > 0 ? line.substring(0, end) : line;
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
