package io.nas4j.backend.tensorflow;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class TensorFlowModuleTest {

    @Test
    void guiceBindsTheBackendUnderItsName() {
        Map<String, TrainingBackend> backends = Guice.createInjector(new TensorFlowModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, TrainingBackend>>() { }));

        assertThat(backends).containsOnlyKeys("tensorflow");
        assertThat(backends.get("tensorflow")).isInstanceOf(TensorFlowBackend.class);
        assertThat(backends.get("tensorflow").name()).isEqualTo("tensorflow");
    }

    @Test
    void guiceBindsTheProxyScorerUnderTheBackendsName() {
        Map<String, ProxyScorer> scorers = Guice.createInjector(new TensorFlowModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, ProxyScorer>>() { }));

        assertThat(scorers).containsOnlyKeys("tensorflow");
        assertThat(scorers.get("tensorflow")).isInstanceOf(TensorFlowProxyScorer.class);
        assertThat(scorers.get("tensorflow").name()).isEqualTo("tensorflow");
    }

    @Test
    void guiceBindsTheSupernetBackendUnderTheSameName() {
        Map<String, SupernetBackend> backends = Guice.createInjector(new TensorFlowModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, SupernetBackend>>() { }));

        assertThat(backends).containsOnlyKeys("tensorflow");
        assertThat(backends.get("tensorflow")).isInstanceOf(TensorFlowSupernetBackend.class);
        assertThat(backends.get("tensorflow").name()).isEqualTo("tensorflow");
    }

    @Test
    void theServiceLoaderFindsTheBackend() {
        assertThat(ServiceLoader.load(TrainingBackend.class).stream().map(ServiceLoader.Provider::type))
                .contains(TensorFlowBackend.class);
    }

    @Test
    void theServiceLoaderFindsTheProxyScorer() {
        assertThat(ServiceLoader.load(ProxyScorer.class).stream().map(ServiceLoader.Provider::type))
                .contains(TensorFlowProxyScorer.class);
    }

    @Test
    void theServiceLoaderFindsTheSupernetBackend() {
        assertThat(ServiceLoader.load(SupernetBackend.class).stream().map(ServiceLoader.Provider::type))
                .contains(TensorFlowSupernetBackend.class);
    }
}
