package io.nas4j.backend.djl;

import io.nas4j.core.UserInputException;
import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.ComputeDevice;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.space.ChainSpace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void onThisMachineTheEngineSeesNoGpuAndAGpuRequestIsOneSentenceNamingTheDevice() {
        TrainingBackend backend = Engines.installed().get("djl").training();

        assertThat(backend.gpus()).as("the CPU build of the native library").isZero();
        assertThatThrownBy(() -> backend.on(ComputeDevice.GPU))
                .isInstanceOf(UserInputException.class)
                .hasMessage("device gpu: the djl engine sees no GPU; use device cpu or auto")
                .extracting(e -> ((UserInputException) e).field().orElseThrow()).isEqualTo("device");
    }

    @Test
    void cpuAndAutoGiveABackendThatTrainsOnTheCpu() {
        TrainingBackend backend = Engines.installed().get("djl").training();
        NetworkSpec network = new ChainSpace().decode(new ChainSpace().parse("conv_3x3/skip/16/1 | max_pool_3x3/series/16/2"),
                new ClassificationHead(Shape.of(1, 8, 8), 3));

        for (ComputeDevice device : List.of(ComputeDevice.CPU, ComputeDevice.AUTO)) {
            TrainingBackend bound = backend.on(device);
            assertThat(bound).isInstanceOf(DjlBackend.class);
            try (TrainingBackend.Model model = bound.compile(network)) {
                assertThat(model.parameterCount()).isEqualTo(NetworkAnalysis.of(network).parameters());
            }
        }
    }
}
