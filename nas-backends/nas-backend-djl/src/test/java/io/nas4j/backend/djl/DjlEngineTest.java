package io.nas4j.backend.djl;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DjlEngineTest {

    @Test
    void pytorchLoadsOfflineWithOneThread() {
        assertThat(DjlEngine.pytorch().getEngineName()).isEqualTo("PyTorch");

        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(JniUtils.getNumThreads()).isEqualTo(1);
        assertThat(JniUtils.getNumInteropThreads()).isEqualTo(1);
    }

    @Test
    void theNativeLibraryIsCachedOutsideTheBuildFolder() {
        DjlEngine.pytorch();

        assertThat(Utils.getEngineCacheDir().toString()).doesNotContain("target");
    }
}
