package io.nas4j.core.port;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;

import java.util.concurrent.CompletableFuture;

/**
 * Runs trials somewhere: in this JVM, in worker processes, on a cluster.
 *
 * <p>Contract: {@link #submit} returns at once; the future completes with the estimator's result, or
 * with a FAILED result naming the reason when the estimator throws or the worker dies. It never
 * completes exceptionally for a trial's own failure. At most {@link #parallelism()} trials run at once;
 * the search does not submit more. {@link #close()} waits for nothing and releases workers.
 */
public interface TrialExecutor extends AutoCloseable {

    int parallelism();

    <G extends Genome> CompletableFuture<TrialResult> submit(Trial<G> trial, PerformanceEstimator<G> estimator);

    @Override
    void close();
}
