package io.nas4j.executor.process;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.space.SearchSpace;

import java.util.Objects;

/**
 * What a worker process evaluates trials with: the space that reads the genomes' text form and the
 * estimator that runs them. A {@link WorkerJobFactory} builds one per worker process, once, so data sets
 * and native engines load once per worker rather than once per trial.
 *
 * @param space     reads the genomes the pool sends; it must agree with the pool's space on the text form
 * @param estimator evaluates every trial of this worker, one at a time
 * @param <G>       the genome type
 */
public record WorkerJob<G extends Genome>(SearchSpace<G> space, PerformanceEstimator<G> estimator) {

    public WorkerJob {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(estimator, "estimator");
    }
}
