package io.nas4j.runner.training;

import io.nas4j.executor.process.WorkerPoolExecutor;
import io.nas4j.core.port.ComputeDevice;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;

import java.util.List;

/** Where the trials of a training search run. */
public final class TrainingExecutors {

    private TrainingExecutors() {
    }

    /**
     * With no workers, trials run in this JVM one after another (a native engine allows one trainer per
     * process); otherwise in a pool of worker JVMs, each with its share of the cores, so that a native
     * crash or a leak costs one trial, not the search. On a host with several GPUs and a device other than
     * {@code cpu}, each worker gets one of them ({@code CUDA_VISIBLE_DEVICES}), in turn.
     */
    public static TrialExecutor forSpec(TrainingSearch.Job<?> job, TrainingSearchSpec spec) {
        if (spec.workers() == 0) {
            return TrainingSearch.inProcess(job);
        }
        return new WorkerPoolExecutor(WorkerPoolExecutor.Settings.of(job.space(),
                TrialRecipe.of(TrainingJobFactory.class, TrainingJobFactory.configuration(spec)), spec.workers())
                .withJvmOptions(List.of("-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                        // the workers grow the latency table this process would read
                        "-D" + LatencyTables.CACHE_PROPERTY + "=" + LatencyTables.defaultFile(spec.backend()).getParent()))
                .withGpus(spec.computeDevice() == ComputeDevice.CPU ? 0 : job.backend().gpus()));
    }
}
