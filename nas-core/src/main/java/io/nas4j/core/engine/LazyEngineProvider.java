package io.nas4j.core.engine;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link EngineProvider} that creates its engine once, on first use. A backend module's provider extends
 * it with a public no-argument constructor that names the engine, its rank and how to make it, so that
 * {@link java.util.ServiceLoader} can instantiate the provider without loading anything native.
 */
public abstract class LazyEngineProvider implements EngineProvider {

    private final String name;
    private final int rank;
    private final Supplier<Engine> factory;
    private Engine engine;

    protected LazyEngineProvider(String name, int rank, Supplier<Engine> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.rank = rank;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final String engineName() {
        return name;
    }

    @Override
    public final int engineRank() {
        return rank;
    }

    @Override
    public final synchronized Engine engine() {
        if (engine == null) {
            engine = Objects.requireNonNull(factory.get(), "engine");
        }
        return engine;
    }
}
