package io.nas4j.backend.tensorflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorFlowRuntimeTest {

    @Test
    void tensorFlowLoadsItsPinnedRuntime() {
        assertThat(TensorFlowRuntime.load()).startsWith("2.18");
    }

    @Test
    void theNativeLibraryIsCachedOutsideTheBuildFolder() {
        TensorFlowRuntime.load();

        assertThat(System.getProperty("org.bytedeco.javacpp.cachedir")).isNotBlank().doesNotContain("target");
    }

    @Test
    void sessionsRunTheConfiguredThreadsAndOneInterOpThread() {
        // the build runs tests with nas4j.tensorflow.threads=1
        assertThat(TensorFlowRuntime.sessionConfig().getIntraOpParallelismThreads()).isEqualTo(1);
        assertThat(TensorFlowRuntime.sessionConfig().getInterOpParallelismThreads()).isEqualTo(1);
    }

    @Test
    void theGraphOptimiserIsOnUnlessTurnedOff() {
        assertThat(TensorFlowRuntime.sessionConfig().getGraphOptions().getRewriteOptions().getDisableMetaOptimizer())
                .isFalse();
        System.setProperty(TensorFlowRuntime.GRAPH_OPTIMIZER_PROPERTY, "off");
        try {
            assertThat(TensorFlowRuntime.sessionConfig().getGraphOptions().getRewriteOptions().getDisableMetaOptimizer())
                    .isTrue();
            System.setProperty(TensorFlowRuntime.GRAPH_OPTIMIZER_PROPERTY, "sometimes");
            assertThatThrownBy(TensorFlowRuntime::sessionConfig)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the system property nas4j.tensorflow.grappler is sometimes; allowed: on, off");
        } finally {
            System.clearProperty(TensorFlowRuntime.GRAPH_OPTIMIZER_PROPERTY);
        }
    }
}
