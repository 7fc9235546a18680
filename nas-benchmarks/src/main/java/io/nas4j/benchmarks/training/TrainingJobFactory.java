package io.nas4j.benchmarks.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nas4j.benchmarks.execution.WorkerJob;
import io.nas4j.benchmarks.execution.WorkerJobFactory;
import io.nas4j.benchmarks.wiring.NasModule;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;

import java.util.Map;

/**
 * Builds, inside a worker process, the same job as the search: the configuration is the
 * {@link TrainingSearchSpec} as JSON, and the backends come from the same Guice composition root.
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
        var injector = Guice.createInjector(new NasModule());
        Map<String, TrainingBackend> backends = injector.getInstance(Key.get(new TypeLiteral<Map<String, TrainingBackend>>() { }));
        TrainingSearch.Job<?> job = new TrainingSearch(backends, injector.getInstance(Strategies.class)).job(spec);
        return workerJob(job);
    }

    private static <G extends Genome> WorkerJob<G> workerJob(TrainingSearch.Job<G> job) {
        return new WorkerJob<>(job.space(), job.searchEstimator());
    }
}
