package io.nas4j.backend.tensorflow;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;

/**
 * Offers the TensorFlow backend to a Guice composition root: adds {@link TensorFlowBackend} under the name
 * {@value TensorFlowBackend#NAME} to the {@code Map<String, TrainingBackend>} of backends,
 * {@link TensorFlowProxyScorer} under the same name to the {@code Map<String, ProxyScorer>} of zero-cost
 * proxies, and {@link TensorFlowSupernetBackend} under the same name to the {@code Map<String, SupernetBackend>}
 * of one-shot backends, each as one instance.
 */
public final class TensorFlowModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, TrainingBackend.class)
                .addBinding(TensorFlowBackend.NAME)
                .to(TensorFlowBackend.class)
                .in(Scopes.SINGLETON);
        MapBinder.newMapBinder(binder(), String.class, ProxyScorer.class)
                .addBinding(TensorFlowBackend.NAME)
                .to(TensorFlowProxyScorer.class)
                .in(Scopes.SINGLETON);
        MapBinder.newMapBinder(binder(), String.class, SupernetBackend.class)
                .addBinding(TensorFlowBackend.NAME)
                .to(TensorFlowSupernetBackend.class)
                .in(Scopes.SINGLETON);
    }
}
