package io.nas4j.backend.tensorflow;

import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.Engines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With only this module on the class path, a host that names no engine gets TensorFlow, whole. */
class TensorFlowEngineProviderTest {

    @Test
    void aHostWithOnlyTensorFlowGetsTensorFlow() {
        Engines installed = Engines.installed();

        assertThat(installed.names()).containsExactly("tensorflow");
        Engine engine = installed.defaultEngine();
        assertThat(engine.name()).isEqualTo("tensorflow");
        assertThat(engine.training()).isInstanceOf(TensorFlowBackend.class);
        assertThat(engine.proxies()).containsInstanceOf(TensorFlowProxyScorer.class);
        assertThat(engine.supernets()).containsInstanceOf(TensorFlowSupernetBackend.class);
        assertThat(installed.get("tensorflow")).as("one instance per JVM").isSameAs(engine);
    }
}
