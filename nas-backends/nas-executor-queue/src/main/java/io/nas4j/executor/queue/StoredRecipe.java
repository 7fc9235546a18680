package io.nas4j.executor.queue;

import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecipe;

import java.util.Optional;

/**
 * The {@link TrialRecipe} of a queued search as the store keeps it: two search attributes, written by the
 * search's {@link QueueTrialExecutor} and read by every {@link QueueWorker}, so that a worker started on any
 * host with nothing but the store's URL builds the same evaluation as the search.
 */
public final class StoredRecipe {

    /** Attribute: the binary name of the recipe's {@link TrialRecipe.Factory}. */
    public static final String FACTORY = "queue.recipe.factory";
    /** Attribute: the configuration text the factory reads. */
    public static final String CONFIGURATION = "queue.recipe.configuration";

    private StoredRecipe() {
    }

    /** Records {@code recipe} in the store, the configuration first, so a reader never sees half of it. */
    public static void write(TrialLeases store, TrialRecipe recipe) {
        store.putAttribute(CONFIGURATION, recipe.configuration());
        store.putAttribute(FACTORY, recipe.factoryClass());
    }

    /** The recipe the store holds; empty while no queued search has recorded one. */
    public static Optional<TrialRecipe> read(TrialLeases store) {
        Optional<String> factory = store.attribute(FACTORY);
        if (factory.isEmpty()) {
            return Optional.empty();
        }
        return store.attribute(CONFIGURATION).map(configuration -> new TrialRecipe(factory.get(), configuration));
    }
}
