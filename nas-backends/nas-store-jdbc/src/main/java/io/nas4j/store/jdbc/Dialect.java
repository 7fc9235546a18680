package io.nas4j.store.jdbc;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What differs between the two databases: URLs, connection settings, row locks. */
enum Dialect {
    SQLITE("jdbc:sqlite:"),
    POSTGRESQL("jdbc:postgresql:");

    private final String prefix;

    Dialect(String prefix) {
        this.prefix = prefix;
    }

    /** The dialect of a JDBC URL; empty for anything else. */
    static Optional<Dialect> of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (Dialect dialect : values()) {
            if (lower.startsWith(dialect.prefix)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /** The database file an SQLite URL names; empty for in-memory databases. */
    static Optional<Path> sqliteFile(String url) {
        String rest = url.substring(SQLITE.prefix.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(rest));
    }

    /** Locks the selected rows until the transaction ends (SQLite's write transactions lock the whole file). */
    String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** Locks the selected rows, passing over rows another transaction has locked. */
    String forUpdateSkipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** A query giving one row whose first column is nonzero / true when the table exists. */
    String tableExists(String table) {
        return this == POSTGRESQL ? "SELECT CASE WHEN to_regclass('" + table + "') IS NULL THEN 0 ELSE 1 END"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'";
    }

    /** A query counting the user's tables. */
    String countTables() {
        return this == POSTGRESQL
                ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
    }
}
