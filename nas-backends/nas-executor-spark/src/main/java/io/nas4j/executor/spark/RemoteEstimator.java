package io.nas4j.executor.spark;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.space.SearchSpace;

import java.util.Objects;

/**
 * What a Spark executor evaluates trials with: the space that reads a genome's text form and the
 * estimator that runs it. Built once per executor JVM by a {@link RemoteEstimatorFactory}.
 */
public record RemoteEstimator<G extends Genome>(SearchSpace<G> space, PerformanceEstimator<G> estimator) {

    public RemoteEstimator {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(estimator, "estimator");
    }
}
