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
 * Builds, inside a worker process, the same job as the search: the configuration is the
 * {@link TrainingSearchSpec} as JSON, and the engines are those installed on the class path ({@link Engines}).
 */
public final class TrainingJobFactory implements WorkerJobFactory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The configuration a worker needs for {@code spec}. */
    public static String configuration(TrainingSearchSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the search spec as JSON", e);
        }
    }

    @Override
    public WorkerJob<?> create(String configuration) throws Exception {
        TrainingSearchSpec spec = JSON.readValue(configuration, TrainingSearchSpec.class);
        TrainingSearch.Job<?> job = new TrainingSearch(Engines.installed().trainingBackends(), Strategies.installed()).job(spec);
        return workerJob(job);
    }

    private static <G extends Genome> WorkerJob<G> workerJob(TrainingSearch.Job<G> job) {
        return new WorkerJob<>(job.space(), job.searchEstimator());
    }
}
