package io.nas4j.backend.djl;

import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.EngineProvider;
import io.nas4j.core.engine.Engines;

/**
 * Offers DJL (PyTorch) as the engine {@value DjlBackend#NAME} through {@link java.util.ServiceLoader}: its
 * {@link DjlBackend}, {@link DjlProxyScorer} and {@link DjlSupernetBackend}, created on first use. Rank 0:
 * the default when a host names no engine.
 */
public final class DjlEngineProvider implements EngineProvider {

    private final EngineProvider engine = Engines.provider(DjlBackend.NAME, 0,
            () -> Engine.of(new DjlBackend(), new DjlProxyScorer(), new DjlSupernetBackend()));

    @Override
    public String engineName() {
        return engine.engineName();
    }

    @Override
    public int engineRank() {
        return engine.engineRank();
    }

    @Override
    public Engine engine() {
        return engine.engine();
    }
}
