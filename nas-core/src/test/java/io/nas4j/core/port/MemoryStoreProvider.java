package io.nas4j.core.port;

import io.nas4j.core.search.InMemoryTrialStore;

import java.util.List;
import java.util.Optional;

/** A provider for {@code memory:} URLs, registered in the test resources, to find through the service loader. */
public final class MemoryStoreProvider implements TrialStoreProvider {

    @Override
    public List<String> schemes() {
        return List.of("memory:");
    }

    @Override
    public TrialStore open(String url) {
        return new InMemoryTrialStore();
    }

    @Override
    public Optional<TrialStoreSnapshot> read(String url) {
        return Optional.empty();
    }
}
