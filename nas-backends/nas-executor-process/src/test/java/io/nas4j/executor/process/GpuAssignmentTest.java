package io.nas4j.executor.process;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GpuAssignmentTest {

    private final WorkerPoolExecutor.Settings settings =
            WorkerPoolExecutor.Settings.of(new MacroSpace(), new TrialRecipe(TestJobFactory.class.getName(), ""), 3);

    @Test
    void eachWorkerGetsOneGpuInTurn() {
        WorkerPoolExecutor.Settings twoGpus = settings.withGpus(2);

        assertThat(twoGpus.gpuEnvironment(1, null)).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0"));
        assertThat(twoGpus.gpuEnvironment(2, null)).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "1"));
        assertThat(twoGpus.gpuEnvironment(3, null)).as("a third worker, or a replacement").containsExactly(
                Map.entry("CUDA_VISIBLE_DEVICES", "0"));
    }

    @Test
    void theGpusThisProcessMaySeeAreTheOnesHandedOut() {
        assertThat(settings.withGpus(2).gpuEnvironment(2, "4, 6")).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "6"));
    }

    @Test
    void withNoneOrOneGpuWorkersSeeWhatThisProcessSees() {
        assertThat(settings.gpuEnvironment(1, null)).isEmpty();
        assertThat(settings.withGpus(1).gpuEnvironment(1, null)).isEmpty();
        assertThat(settings.withGpus(2).gpus()).isEqualTo(2);
        assertThat(settings.withGpus(2).withJvmOptions(java.util.List.of("-Xmx1g")).gpus()).as("kept by other withs").isEqualTo(2);
    }
}
