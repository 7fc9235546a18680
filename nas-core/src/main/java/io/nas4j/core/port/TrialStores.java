package io.nas4j.core.port;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens a trial store from its URL through the {@link TrialStoreProvider}s on the class path (the thread's
 * context class loader first, then this class's), so that code given a URL names no store module.
 *
 * <p>A URL no provider accepts is a user's error: an {@link IllegalArgumentException} naming the field
 * {@code store} and the accepted schemes, with the URL's credentials left out.
 */
public final class TrialStores {

    private TrialStores() {
    }

    /**
     * Opens the store at {@code url}, setting it up when it is new. The caller closes it.
     *
     * @throws IllegalArgumentException when no provider accepts the URL
     */
    public static TrialStore open(String url) {
        return provider(url).open(url);
    }

    /**
     * Opens the store at {@code url} for workers that claim trials. The caller closes it.
     *
     * @throws IllegalArgumentException when no provider accepts the URL, or its stores cannot be shared by
     *                                  workers
     */
    public static TrialLeases openLeases(String url) {
        TrialStore store = provider(url).open(url);
        if (store instanceof TrialLeases leases) {
            return leases;
        }
        store.close();
        throw new IllegalArgumentException("store " + redact(url) + " cannot lease trials to workers; use a store "
                + "that workers share");
    }

    /**
     * Reads what the store at {@code url} holds now, without writing anything.
     *
     * @return empty when there is no store at {@code url} yet
     * @throws IllegalArgumentException when no provider accepts the URL
     * @throws IllegalStateException    naming the store when what is there cannot be read as a trial store
     */
    public static Optional<TrialStoreSnapshot> read(String url) {
        return provider(url).read(url);
    }

    /**
     * The provider that accepts {@code url}.
     *
     * @throws IllegalArgumentException when none does
     */
    public static TrialStoreProvider provider(String url) {
        Objects.requireNonNull(url, "url");
        List<TrialStoreProvider> providers = providers();
        for (TrialStoreProvider provider : providers) {
            if (provider.accepts(url)) {
                return provider;
            }
        }
        List<String> schemes = new ArrayList<>();
        providers.forEach(provider -> schemes.addAll(provider.schemes()));
        throw new IllegalArgumentException("store must be a URL starting with " + (schemes.isEmpty()
                ? "the scheme of a store module on the class path (there is none)"
                : String.join(" or ", schemes)) + ", got " + redact(url));
    }

    /** Every provider on the class path, each class once. */
    public static List<TrialStoreProvider> providers() {
        Map<String, TrialStoreProvider> found = new LinkedHashMap<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            ServiceLoader.load(TrialStoreProvider.class, context)
                    .forEach(provider -> found.putIfAbsent(provider.getClass().getName(), provider));
        }
        ServiceLoader.load(TrialStoreProvider.class, TrialStores.class.getClassLoader())
                .forEach(provider -> found.putIfAbsent(provider.getClass().getName(), provider));
        return List.copyOf(found.values());
    }

    /** The URL without user information or query parameters (which may hold a password), for messages. */
    public static String redact(String url) {
        String text = url;
        int query = text.indexOf('?');
        if (query >= 0) {
            text = text.substring(0, query);
        }
        int scheme = text.indexOf("//");
        int at = text.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            text = text.substring(0, scheme + 2) + text.substring(at + 1);
        }
        return text;
    }
}
