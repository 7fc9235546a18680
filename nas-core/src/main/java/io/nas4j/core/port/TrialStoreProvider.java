package io.nas4j.core.port;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens trial stores of one kind, named by a URL ({@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://...}):
 * the service a store module registers in {@code META-INF/services/io.nas4j.core.port.TrialStoreProvider},
 * so that code which is given a URL opens a store without naming the module. {@link TrialStores} finds the
 * provider for a URL.
 *
 * <p>Contract: a public no-argument constructor; {@link #accepts} is cheap and opens nothing. The methods
 * that open or read throw an unchecked exception whose message names the store (without credentials) when
 * it cannot be reached or is not a trial store. Implementations are stateless and thread-safe.
 */
public interface TrialStoreProvider {

    /** The URL prefixes this provider opens, for messages: {@code "jdbc:sqlite:"}, ... */
    List<String> schemes();

    /** Whether this provider opens {@code url}; by default, whether it starts with one of the {@link #schemes()}. */
    default boolean accepts(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return schemes().stream().anyMatch(scheme -> lower.startsWith(scheme.toLowerCase(Locale.ROOT)));
    }

    /**
     * Opens the store at {@code url}, setting it up when it is new, for a search or its workers. The
     * caller closes it. A store that workers can share returns an object that also implements
     * {@link TrialLeases}.
     */
    TrialStore open(String url);

    /**
     * Reads what the store at {@code url} holds now, without creating, migrating, locking or writing
     * anything, so that a reader may run beside the search that writes the store.
     *
     * @return empty when there is no store at {@code url} yet (no file, or a database with no tables)
     * @throws IllegalStateException naming the store when what is there cannot be read as a trial store
     */
    Optional<TrialStoreSnapshot> read(String url);
}
