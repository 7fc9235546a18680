package io.nas4j.core.port;

import io.nas4j.core.search.InMemoryTrialStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrialStoresTest {

    @Test
    void aUrlOpensTheStoreOfTheProviderThatAcceptsIt() {
        try (TrialStore store = TrialStores.open("MEMORY:search-1")) {
            assertThat(store).isInstanceOf(InMemoryTrialStore.class);
        }
        assertThat(TrialStores.provider("memory:x")).isInstanceOf(MemoryStoreProvider.class);
    }

    @Test
    void aUrlNoProviderAcceptsNamesTheFieldAndTheSchemesButNotThePassword() {
        assertThatThrownBy(() -> TrialStores.open("mysql://admin:secret@db.example/nas?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store must be a URL starting with memory:, got mysql://db.example/nas");
    }

    @Test
    void aStoreWithoutLeasesIsRefusedToWorkers() {
        assertThatThrownBy(() -> TrialStores.openLeases("memory:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store memory:x cannot lease trials to workers; use a store that workers share");
    }

    @Test
    void theProvidersOnTheClassPathAreEachFoundOnce() {
        assertThat(TrialStores.providers()).extracting(provider -> provider.getClass().getName())
                .containsExactly(MemoryStoreProvider.class.getName());
    }

    @Test
    void aSnapshotKeepsItsAttributesInNameOrderAndCannotBeChanged() {
        TrialStoreSnapshot snapshot = new TrialStoreSnapshot(Map.of("seed", "7", "config", "{}", "kind", "search"), List.of());

        assertThat(snapshot.attributes().keySet()).containsExactly("config", "kind", "seed");
        assertThat(snapshot.attribute("seed")).hasValue("7");
        assertThat(snapshot.attribute("missing")).isEmpty();
        assertThatThrownBy(() -> snapshot.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
