package io.nas4j.backend.djl;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;

/**
 * Offers the DJL backend to a Guice composition root: adds {@link DjlBackend} under the name
 * {@value DjlBackend#NAME} to the {@code Map<String, TrainingBackend>} of backends, as one instance, and
 * {@link DjlProxyScorer} under the same name to the {@code Map<String, ProxyScorer>} of zero-cost proxies, and
 * {@link DjlSupernetBackend} under the same name to the {@code Map<String, SupernetBackend>} of one-shot backends.
 */
public final class DjlModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, TrainingBackend.class)
                .addBinding(DjlBackend.NAME)
                .to(DjlBackend.class)
                .in(Scopes.SINGLETON);
        MapBinder.newMapBinder(binder(), String.class, ProxyScorer.class)
                .addBinding(DjlBackend.NAME)
                .to(DjlProxyScorer.class)
                .in(Scopes.SINGLETON);
        MapBinder.newMapBinder(binder(), String.class, SupernetBackend.class)
                .addBinding(DjlBackend.NAME)
                .to(DjlSupernetBackend.class)
                .in(Scopes.SINGLETON);
    }
}
