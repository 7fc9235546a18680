package io.nas4j.executor.queue;

import io.nas4j.store.jdbc.JdbcTrialStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where queue tests keep their trials: an SQLite file in the test's folder, or a fresh schema in the
 * PostgreSQL server {@code NAS4J_POSTGRES_URL} names ({@code .ci/run} starts one); PostgreSQL tests skip,
 * saying why, without one.
 */
final class Stores {

    private Stores() {
    }

    static String sqlite(Path folder) {
        return JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
    }

    /** A URL of a new, empty schema of the test server; skips the test when there is no server. */
    static String postgres() {
        String url = System.getProperty("nas4j.postgres.url", System.getenv("NAS4J_POSTGRES_URL"));
        assumeTrue(url != null && !url.isBlank(), "skipped: no PostgreSQL server is named (set NAS4J_POSTGRES_URL, "
                + "e.g. jdbc:postgresql://127.0.0.1:5432/nas4j?user=nas4j; .ci/run starts one)");
        String schema = "q_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            assumeTrue(false, "skipped: the PostgreSQL server is not reachable: " + e.getMessage());
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
