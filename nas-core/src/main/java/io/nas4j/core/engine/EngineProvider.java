package io.nas4j.core.engine;

/**
 * Offers an {@link Engine} to {@link Engines}, in the style of DJL's {@code EngineProvider}: a backend
 * module registers one implementation in {@code META-INF/services/io.nas4j.core.engine.EngineProvider},
 * and nothing outside that module names its classes.
 *
 * <p>Contract: a public no-argument constructor that loads nothing native; {@link #engineName()} and
 * {@link #engineRank()} are cheap, so engines can be listed without starting them. {@link #engine()} starts
 * the engine on first call (native libraries load then) and returns the same instance afterwards; it may
 * be called from any thread.
 */
public interface EngineProvider {

    /** The engine's name, as {@link Engine#name()} will return it. */
    String engineName();

    /** Lower ranks are preferred when a host names no engine. */
    int engineRank();

    /** The engine, created on first call. */
    Engine engine();
}
