package io.nas4j.report;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.store.jdbc.JdbcTrialStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a search's SQLite trial store ({@code DIR/trials.db}) holds at one moment: its attributes and its
 * trials, read through the store's own read-only snapshot ({@link JdbcTrialStore#read(Path)}). Reading
 * never writes: no schema migration, no lock, no lease, so a dashboard can read the file while the search
 * that owns it writes (WAL mode lets readers and the writer proceed together).
 *
 * @param attributes the search's attributes ({@code kind}, {@code config}, {@code seed}, ...)
 * @param trials     every trial, in id order
 */
public record StoreSnapshot(Map<String, String> attributes, List<TrialRecord> trials) {

    public StoreSnapshot {
        attributes = Map.copyOf(attributes);
        trials = List.copyOf(trials);
    }

    /**
     * Reads {@code directory/trials.db}, or returns empty when the folder has no store file.
     *
     * @throws IllegalStateException naming the file when it cannot be read as a trial store
     */
    public static Optional<StoreSnapshot> read(Path directory) {
        return JdbcTrialStore.read(directory.resolve(StoredSearch.FILE))
                .map(snapshot -> new StoreSnapshot(snapshot.attributes(), snapshot.trials()));
    }

    /** The attribute, if stored. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }
}
