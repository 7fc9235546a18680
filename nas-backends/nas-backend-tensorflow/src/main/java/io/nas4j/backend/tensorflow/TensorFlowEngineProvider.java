package io.nas4j.backend.tensorflow;

import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.LazyEngineProvider;

/**
 * Offers TensorFlow Java (graph mode) as the engine {@value TensorFlowBackend#NAME} through
 * {@link java.util.ServiceLoader}: its {@link TensorFlowBackend}, {@link TensorFlowProxyScorer} and
 * {@link TensorFlowSupernetBackend}, created on first use. Rank 10: after DJL, so the default only where DJL
 * is not installed.
 */
public final class TensorFlowEngineProvider extends LazyEngineProvider {

    public TensorFlowEngineProvider() {
        super(TensorFlowBackend.NAME, 10,
                () -> Engine.of(new TensorFlowBackend(), new TensorFlowProxyScorer(), new TensorFlowSupernetBackend()));
    }
}
