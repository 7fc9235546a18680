package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.executor.process.WorkerJob;
import io.nas4j.executor.process.WorkerJobFactory;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;

import java.util.Map;

/**
 * Builds, inside a worker process, the same detection job as the search, from the
 * {@link TrainingSearchSpec} as JSON and the engines installed on the class path ({@link Engines}).
 */
public final class DetectionJobFactory implements WorkerJobFactory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Override
    public WorkerJob<?> create(String configuration) throws Exception {
        TrainingSearchSpec spec = JSON.readValue(configuration, TrainingSearchSpec.class);
        return workerJob(new DetectionSearch(Engines.installed().trainingBackends(), Strategies.installed()).job(spec));
    }

    private static <G extends Genome> WorkerJob<G> workerJob(DetectionSearch.Job<G> job) {
        return new WorkerJob<>(job.space(), job.estimator());
    }
}
