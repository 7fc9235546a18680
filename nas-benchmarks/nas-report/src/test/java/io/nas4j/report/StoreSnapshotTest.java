package io.nas4j.report;

import io.nas4j.runner.store.StoredSearch;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import io.nas4j.store.jdbc.JdbcTrialStore;
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

class StoreSnapshotTest {

    @TempDir
    Path folder;

    private static TrialRecord trial(long id, TrialState state, double accuracy) {
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        return new TrialRecord(id, (int) id, (int) id, state == TrialState.COMPLETE ? (int) id : -1, "g" + id, "g" + id,
                Double.POSITIVE_INFINITY, state, state == TrialState.COMPLETE ? Map.of("accuracy", accuracy) : Map.of(),
                1, "", 1, state == TrialState.COMPLETE ? List.of(accuracy / 2, Double.NaN, accuracy) : List.of(),
                started, state == TrialState.COMPLETE ? started.plusSeconds(5) : null);
    }

    @Test
    void readsAStoreWhileItsWriterHoldsItOpen() {
        try (JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(folder.resolve(StoredSearch.FILE)))) {
            writer.putAttribute(StoredSearch.KIND, StoredSearch.TABULAR);
            writer.insert(trial(0, TrialState.COMPLETE, 0.75));
            writer.insert(trial(1, TrialState.RUNNING, 0));

            StoreSnapshot snapshot = StoreSnapshot.read(folder).orElseThrow();

            assertThat(snapshot.attribute(StoredSearch.KIND)).hasValue(StoredSearch.TABULAR);
            assertThat(snapshot.trials()).extracting(TrialRecord::state).containsExactly(TrialState.COMPLETE, TrialState.RUNNING);
            assertThat(snapshot.trials().get(0).metrics()).containsEntry("accuracy", 0.75);
            assertThat(snapshot.trials().get(0).curve()).hasSize(3).element(1).isEqualTo(Double.NaN);
            assertThat(snapshot.trials().get(0).seconds()).isEqualTo(5.0);
        }
    }

    @Test
    void readingAClosedStoreLeavesNoFileBehindAndChangesNothing() throws IOException {
        Path file = folder.resolve(StoredSearch.FILE);
        try (JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file))) {
            writer.insert(trial(0, TrialState.COMPLETE, 0.5));
        }
        byte[] before = Files.readAllBytes(file);

        assertThat(StoreSnapshot.read(folder).orElseThrow().trials()).hasSize(1);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly(StoredSearch.FILE);
        }
    }

    @Test
    void aFolderWithoutAStoreHasNoSnapshot() {
        assertThat(StoreSnapshot.read(folder)).isEmpty();
    }

    @Test
    void aFileThatIsNoStoreIsNamedInTheError() throws IOException {
        Files.writeString(folder.resolve(StoredSearch.FILE), "not a database at all, but long enough to look like one ".repeat(4));

        assertThatThrownBy(() -> StoreSnapshot.read(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot read the trial store " + folder.resolve(StoredSearch.FILE));
    }
}
