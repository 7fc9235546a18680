package io.nas4j.store.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on SQLite files, and what is particular to them. */
class SqliteTrialStoreTest extends TrialStoreContract {

    @TempDir
    Path folder;

    @Override
    String newDatabase() {
        return JdbcTrialStore.sqliteUrl(folder.resolve(UUID.randomUUID() + ".db"));
    }

    @Test
    void writesAheadAndSyncsEveryCommit() throws SQLException {
        Path file = folder.resolve("trials.db");
        try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            store.putAttribute("seed", "7");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
        assertThat(Files.exists(folder.resolve("trials.db-wal"))).as("closing checkpoints the log").isFalse();
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedAndLeftAsItWas() throws IOException {
        Path file = Files.writeString(folder.resolve("trials.db"), "these are notes, not a database\n".repeat(200));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file)))
                .isInstanceOf(StoreException.class).hasMessage(file + " is not an SQLite database");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void resumingRefusesAMissingFileWithoutCreatingIt() {
        Path file = folder.resolve("nothing-here.db");
        assertThatThrownBy(() -> JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file),
                JdbcTrialStore.Options.defaults().existingOnly()))
                .isInstanceOf(StoreException.class).hasMessage(file + " does not exist");
        assertThat(file).doesNotExist();
    }

    @Test
    void anSqliteDatabaseOfSomethingElseIsNotTakenOver() throws SQLException {
        Path file = folder.resolve("other.db");
        Sql.run("jdbc:sqlite:" + file, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
        assertThatThrownBy(() -> JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file)))
                .isInstanceOf(StoreException.class).hasMessageContaining("holds other tables");
        assertThatThrownBy(() -> JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file),
                JdbcTrialStore.Options.defaults().existingOnly()))
                .isInstanceOf(StoreException.class).hasMessageContaining("is not a nas4j trial store");
    }

    @Test
    void anOlderSchemaIsMigratedAndANewerOneRefused() {
        Path file = folder.resolve("trials.db");
        String url = JdbcTrialStore.sqliteUrl(file);
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            store.insert(record(0, io.nas4j.core.trial.TrialState.COMPLETE));
        }
        // as version 1 left it
        Sql.run(url, "DROP INDEX trials_by_lease_owner");
        Sql.run(url, "DELETE FROM schema_version WHERE version = 2");
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            assertThat(store.schemaVersion()).isEqualTo(2);
            assertThat(store.trials()).containsExactly(record(0, io.nas4j.core.trial.TrialState.COMPLETE));
        }
        Sql.run(url, "INSERT INTO schema_version (version, script, applied_at) VALUES (99, 'V99__future.sql', 'x')");
        assertThatThrownBy(() -> JdbcTrialStore.open(url)).isInstanceOf(StoreException.class)
                .hasMessage(file + " has schema version 99, newer than this nas4j knows (2); use a newer nas4j");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> JdbcTrialStore.open("jdbc:mysql://admin:secret@db.example/nas?password=secret"))
                .isInstanceOf(StoreException.class)
                .hasMessage("the store URL jdbc:mysql://db.example/nas is neither jdbc:sqlite:FILE nor jdbc:postgresql://HOST/DATABASE");
    }

    @Test
    void anUnreachablePostgresServerIsOneClearSentence() {
        assertThatThrownBy(() -> JdbcTrialStore.open("jdbc:postgresql://127.0.0.1:1/nas4j?user=x&password=secret"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the trial store jdbc:postgresql://127.0.0.1:1/nas4j: ")
                .hasMessageNotContaining("secret");
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        assertThat(Migrations.statements("-- note\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
    }
}
