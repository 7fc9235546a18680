package io.nas4j.store.jdbc;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStoreSnapshot;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading an SQLite store without writing to it, as a dashboard does beside the search that owns it. */
class JdbcTrialStoreReadTest {

    @TempDir
    Path folder;

    private static TrialRecord trial(long id, TrialState state, double accuracy) {
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        boolean complete = state == TrialState.COMPLETE;
        return new TrialRecord(id, (int) id, (int) id, complete ? (int) id : -1, "g" + id, "k" + id,
                Double.POSITIVE_INFINITY, state, complete ? Map.of("accuracy", accuracy) : Map.of(), 1,
                state == TrialState.FAILED ? "IllegalStateException: diverged" : "", (int) id + 1,
                complete ? List.of(accuracy / 2, Double.NaN, accuracy) : List.of(), started,
                state.finished() ? started.plusSeconds(5) : null);
    }

    @Test
    void readsTheAttributesAndEveryTrialWhileTheWriterHoldsTheStoreOpen() {
        Path file = folder.resolve("trials.db");
        try (JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            writer.acquireSearch();
            writer.putAttribute("seed", "7");
            writer.putAttribute("kind", "tabular");
            List<TrialRecord> written = List.of(trial(0, TrialState.COMPLETE, 0.75), trial(1, TrialState.FAILED, 0),
                    trial(2, TrialState.RUNNING, 0));
            writer.insertAll(written);

            TrialStoreSnapshot snapshot = JdbcTrialStore.read(file).orElseThrow();

            assertThat(snapshot.attributes()).containsExactly(Map.entry("kind", "tabular"), Map.entry("seed", "7"));
            assertThat(snapshot.trials()).isEqualTo(written);
            assertThat(snapshot.trials()).extracting(TrialRecord::state)
                    .containsExactly(TrialState.COMPLETE, TrialState.FAILED, TrialState.RUNNING);
            assertThat(snapshot.trials()).extracting(TrialRecord::attempt).containsExactly(1, 2, 3);
            assertThat(snapshot.trials().get(0).curve()).element(1).isEqualTo(Double.NaN);
            assertThat(snapshot.trials().get(0).seconds()).isEqualTo(5.0);
        }
    }

    @Test
    void aValueNas4jNeverWritesIsReportedNamingTheTrialAndColumn() {
        Path file = folder.resolve("trials.db");
        try (JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            writer.insertAll(List.of(trial(0, TrialState.COMPLETE, 0.5), trial(1, TrialState.COMPLETE, 0.6)));
        }
        Sql.run(JdbcTrialStore.sqliteUrl(file), "UPDATE trials SET started_at = 'yesterday' WHERE id = 1");

        assertThatThrownBy(() -> JdbcTrialStore.read(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot read the trial store " + file + ": trial 1 has started_at 'yesterday', which is not an "
                        + "instant such as 2024-05-01T12:00:00Z");
        try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            assertThatThrownBy(store::trials).isInstanceOf(StoreException.class)
                    .hasMessageEndingWith("trial 1 has started_at 'yesterday', which is not an instant such as "
                            + "2024-05-01T12:00:00Z");
        }
    }

    @Test
    void aReaderTakesNoLockAndSeesEachCommittedChange() {
        Path file = folder.resolve("trials.db");
        try (JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            writer.acquireSearch();
            writer.insert(trial(0, TrialState.RUNNING, 0));
            assertThat(JdbcTrialStore.read(file).orElseThrow().trials()).extracting(TrialRecord::state)
                    .containsExactly(TrialState.RUNNING);

            writer.update(trial(0, TrialState.COMPLETE, 0.5));

            assertThat(JdbcTrialStore.read(file).orElseThrow().trials()).extracting(TrialRecord::state)
                    .containsExactly(TrialState.COMPLETE);
        }
    }

    @Test
    void readingAClosedStoreLeavesNoFileBehindAndChangesNothing() throws IOException {
        Path file = folder.resolve("trials.db");
        try (JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            writer.insert(trial(0, TrialState.COMPLETE, 0.5));
        }
        byte[] before = Files.readAllBytes(file);

        assertThat(JdbcTrialStore.read(file).orElseThrow().trials()).hasSize(1);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("trials.db");
        }
    }

    @Test
    void theUrlReadsWhatTheFileReadsThroughTheProviderToo() {
        Path file = folder.resolve("trials.db");
        String url = JdbcTrialStore.sqliteUrl(file);
        try (JdbcTrialStore writer = JdbcTrialStore.open(url)) {
            writer.putAttribute("seed", "7");
            writer.insert(trial(0, TrialState.COMPLETE, 0.5));
        }

        assertThat(JdbcTrialStore.read(url)).isEqualTo(JdbcTrialStore.read(file));
        assertThat(TrialStores.read(url)).isEqualTo(JdbcTrialStore.read(file)).isPresent();
    }

    @Test
    void aMissingFileHasNoSnapshotAndIsNotCreated() {
        Path file = folder.resolve("nothing-here.db");

        assertThat(JdbcTrialStore.read(file)).isEmpty();
        assertThat(JdbcTrialStore.read(JdbcTrialStore.sqliteUrl(file))).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void anEmptyFileIsAStoreNotSetUpYet() throws IOException {
        Path file = Files.createFile(folder.resolve("trials.db"));

        assertThat(JdbcTrialStore.read(file)).isEmpty();
    }

    @Test
    void aFileThatIsNoDatabaseIsNamedInTheError() throws IOException {
        Path file = folder.resolve("trials.db");
        Files.writeString(file, "not a database at all, but long enough to look like one ".repeat(4));

        assertThatThrownBy(() -> JdbcTrialStore.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot read the trial store " + file + ": ");
    }

    @Test
    void anSqliteDatabaseOfSomethingElseIsNotReadAsAStore() {
        Path file = folder.resolve("other.db");
        Sql.run("jdbc:sqlite:" + file, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");

        assertThatThrownBy(() -> JdbcTrialStore.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot read the trial store " + file + ": it holds other tables and is not a nas4j trial store");
    }

    @Test
    void aStoreOfANewerSchemaIsRefused() {
        Path file = folder.resolve("trials.db");
        String url = JdbcTrialStore.sqliteUrl(file);
        JdbcTrialStore.open(url).close();
        Sql.run(url, "INSERT INTO schema_version (version, script, applied_at) VALUES (99, 'V99__future.sql', 'x')");

        assertThatThrownBy(() -> JdbcTrialStore.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot read the trial store " + file + ": it has schema version 99, newer than this nas4j "
                        + "knows (" + Migrations.latest() + "); use a newer nas4j");
    }

    @Test
    void aCurveValueStoredAsNullReadsAsNaN() {
        Path file = folder.resolve("trials.db");
        String url = JdbcTrialStore.sqliteUrl(file);
        try (JdbcTrialStore writer = JdbcTrialStore.open(url)) {
            writer.insert(trial(0, TrialState.COMPLETE, 0.5));
        }
        Sql.run(url, "UPDATE trials SET curve = '[0.25, null]' WHERE id = 0");

        assertThat(JdbcTrialStore.read(file).orElseThrow().trials().get(0).curve()).containsExactly(0.25, Double.NaN);
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> JdbcTrialStore.read("jdbc:mysql://admin:secret@db.example/nas?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the store URL jdbc:mysql://db.example/nas is neither jdbc:sqlite:FILE nor jdbc:postgresql://HOST/DATABASE");
    }
}
