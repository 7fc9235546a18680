package io.nas4j.store.jdbc;

import io.nas4j.core.port.TrialStore;
import io.nas4j.core.port.TrialStoreProvider;
import io.nas4j.core.port.TrialStoreSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * Offers {@link JdbcTrialStore} to {@link io.nas4j.core.port.TrialStores} for {@code jdbc:sqlite:} and
 * {@code jdbc:postgresql:} URLs (registered in {@code META-INF/services}). The stores it opens also
 * implement {@link io.nas4j.core.port.TrialLeases}.
 */
public final class JdbcTrialStoreProvider implements TrialStoreProvider {

    @Override
    public List<String> schemes() {
        return List.of("jdbc:sqlite:", "jdbc:postgresql:");
    }

    @Override
    public boolean accepts(String url) {
        return Dialect.of(url).isPresent();
    }

    @Override
    public TrialStore open(String url) {
        return JdbcTrialStore.open(url);
    }

    @Override
    public Optional<TrialStoreSnapshot> read(String url) {
        return JdbcTrialStore.read(url);
    }
}
