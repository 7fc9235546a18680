package io.nas4j.backend.djl;

import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.Engines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With only this module on the class path, a host that names no engine gets DJL, whole. */
class DjlEngineProviderTest {

    @Test
    void aHostWithOnlyDjlGetsDjl() {
        Engines installed = Engines.installed();

        assertThat(installed.names()).containsExactly("djl");
        Engine engine = installed.defaultEngine();
        assertThat(engine.name()).isEqualTo("djl");
        assertThat(engine.training()).isInstanceOf(DjlBackend.class);
        assertThat(engine.proxies()).containsInstanceOf(DjlProxyScorer.class);
        assertThat(engine.supernets()).containsInstanceOf(DjlSupernetBackend.class);
        assertThat(installed.get("djl")).as("one instance per JVM").isSameAs(engine);
    }
}
