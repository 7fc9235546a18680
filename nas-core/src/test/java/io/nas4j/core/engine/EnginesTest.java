package io.nas4j.core.engine;

import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnginesTest {

    @AfterEach
    void clearTheProperty() {
        System.clearProperty(Engines.DEFAULT_PROPERTY);
    }

    @Test
    void theEngineOfLowestRankIsTheDefault() {
        Engines engines = Engines.of(List.of(provider("tensorflow", 10), provider("djl", 0)));

        assertThat(engines.names()).containsExactly("djl", "tensorflow");
        assertThat(engines.defaultEngine().name()).isEqualTo("djl");
    }

    @Test
    void thePropertyNamesTheDefault() {
        Engines engines = Engines.of(List.of(provider("tensorflow", 10), provider("djl", 0)));
        System.setProperty(Engines.DEFAULT_PROPERTY, "tensorflow");

        assertThat(engines.defaultEngine().name()).isEqualTo("tensorflow");
    }

    @Test
    void withoutAnyEngineTheMessageNamesTheArtifactsToAdd() {
        Engines none = Engines.of(List.of());

        assertThatThrownBy(none::defaultEngine).isInstanceOf(IllegalStateException.class)
                .hasMessage("no training engine is installed; add io.nas4j:nas-backend-djl or io.nas4j:nas-backend-tensorflow"
                        + " to the class path");
        assertThatThrownBy(() -> none.get("djl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add io.nas4j:nas-backend-djl");
    }

    @Test
    void anUnknownNameIsRefusedNamingTheInstalledEngines() {
        Engines engines = Engines.of(List.of(provider("djl", 0)));

        assertThatThrownBy(() -> engines.get("onnx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine onnx is not installed; installed: djl");
    }

    @Test
    void anEngineStartsOnFirstUseAndOnce() {
        AtomicInteger started = new AtomicInteger();
        EngineProvider lazy = Engines.provider("djl", 0, () -> {
            started.incrementAndGet();
            return Engine.of(backend("djl"), null, null);
        });
        Engines engines = Engines.of(List.of(lazy));

        assertThat(engines.names()).containsExactly("djl");
        assertThat(started).hasValue(0);
        Engine first = engines.get("djl");
        assertThat(engines.get("djl")).isSameAs(first);
        assertThat(started).hasValue(1);
    }

    @Test
    void theMapsHoldWhatEachEngineOffers() {
        Engines engines = Engines.of(Engine.of(backend("djl"), null, null), Engine.of(backend("tensorflow"), null, null));

        assertThat(engines.trainingBackends()).containsOnlyKeys("djl", "tensorflow");
        assertThat(engines.proxyScorers()).isEmpty();
        assertThat(engines.supernetBackends()).isEmpty();
        assertThat(engines.get("djl").proxies()).isEmpty();
    }

    @Test
    void aLaterProviderOfTheSameNameIsIgnored() {
        Engines engines = Engines.of(List.of(provider("djl", 0), provider("djl", 5)));

        assertThat(engines.names()).containsExactly("djl");
    }

    private static EngineProvider provider(String name, int rank) {
        return Engines.provider(name, rank, () -> Engine.of(backend(name), null, null));
    }

    /** A backend that only knows its name: engines are found and ranked without training anything. */
    private static TrainingBackend backend(String name) {
        return (TrainingBackend) Proxy.newProxyInstance(EnginesTest.class.getClassLoader(), new Class<?>[]{TrainingBackend.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "name", "toString" -> name;
                    case "hashCode" -> name.hashCode();
                    case "equals" -> proxy == arguments[0];
                    default -> throw new AssertionError("not used here: " + method.getName());
                });
    }
}
