package io.nas4j.backend.djl;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class DjlModuleTest {

    @Test
    void guiceBindsTheBackendUnderItsName() {
        Map<String, TrainingBackend> backends = Guice.createInjector(new DjlModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, TrainingBackend>>() { }));

        assertThat(backends).containsOnlyKeys("djl");
        assertThat(backends.get("djl")).isInstanceOf(DjlBackend.class);
        assertThat(backends.get("djl").name()).isEqualTo("djl");
    }

    @Test
    void theServiceLoaderFindsTheBackend() {
        assertThat(ServiceLoader.load(TrainingBackend.class).stream().map(ServiceLoader.Provider::type))
                .contains(DjlBackend.class);
    }
}
