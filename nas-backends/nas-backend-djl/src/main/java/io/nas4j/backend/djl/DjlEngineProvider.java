package io.nas4j.backend.djl;

import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.LazyEngineProvider;

/**
 * Offers DJL (PyTorch) as the engine {@value DjlBackend#NAME} through {@link java.util.ServiceLoader}: its
 * {@link DjlBackend}, {@link DjlProxyScorer} and {@link DjlSupernetBackend}, created on first use. Rank 0:
 * the default when a host names no engine.
 */
public final class DjlEngineProvider extends LazyEngineProvider {

    public DjlEngineProvider() {
        super(DjlBackend.NAME, 0, () -> Engine.of(new DjlBackend(), new DjlProxyScorer(), new DjlSupernetBackend()));
    }
}
