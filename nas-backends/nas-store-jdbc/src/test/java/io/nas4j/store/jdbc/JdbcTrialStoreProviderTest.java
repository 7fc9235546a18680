package io.nas4j.store.jdbc;

import io.nas4j.core.port.Claim;
import io.nas4j.core.port.Lease;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store found by its URL through the core's service loader, and used through the ports alone. */
class JdbcTrialStoreProviderTest {

    @TempDir
    Path folder;

    @Test
    void anSqliteUrlOpensAJdbcStore() {
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        try (TrialStore store = TrialStores.open(url)) {
            assertThat(store).isInstanceOf(JdbcTrialStore.class);
            store.putAttribute("seed", "7");
            assertThat(store.attribute("seed")).hasValue("7");
        }
        assertThat(TrialStores.provider("jdbc:postgresql://127.0.0.1/nas4j")).isInstanceOf(JdbcTrialStoreProvider.class);
    }

    @Test
    void aUrlOfAnotherDatabaseNamesTheFieldAndTheAcceptedSchemes() {
        assertThatThrownBy(() -> TrialStores.open("jdbc:mysql://admin:secret@db.example/nas?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store must be a URL starting with jdbc:sqlite: or jdbc:postgresql:, got jdbc:mysql://db.example/nas");
    }

    @Test
    void aResultFromAVoidedLeaseIsRefusedThroughThePort() {
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        try (JdbcTrialStore search = JdbcTrialStore.open(url);
             TrialLeases lost = TrialStores.openLeases(url);
             TrialLeases replacement = TrialStores.openLeases(url)) {
            search.insert(TrialStoreContract.record(0, TrialState.RUNNING));
            Lease first = ((Claim.Granted) lost.claim(0, 1, "task 0.0")).lease();
            Lease second = ((Claim.Granted) replacement.claim(0, 1, "task 0.1")).lease();

            assertThat(second.token()).isGreaterThan(first.token());
            assertThat(lost.complete(first, TrialResult.complete(Map.of("accuracy", 1.0), 1))).isFalse();
            assertThat(replacement.complete(second, TrialResult.complete(Map.of("accuracy", 2.0), 1))).isTrue();
            assertThat(lost.trial(0)).hasValueSatisfying(trial -> {
                assertThat(trial.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(trial.metrics()).containsExactly(Map.entry("accuracy", 2.0));
            });
            assertThat(lost.claim(0, 1, "task 0.2")).isInstanceOf(Claim.AlreadyFinished.class);
        }
    }
}
