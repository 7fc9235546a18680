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
 *
 * <p>Which estimator runs: an in-process executor runs the estimator given to {@link #submit}. A remote
 * executor (worker processes, a cluster) cannot send an estimator where its trials run; it is given a
 * {@link TrialRecipe} instead, builds that recipe's evaluation on the remote side and evaluates every trial
 * with it. There the estimator given to {@link #submit} is not used, not even as a fallback: the recipe
 * must describe the same evaluation.
 */
public interface TrialExecutor extends AutoCloseable {

    int parallelism();

    /**
     * Starts the trial and returns at once.
     *
     * @param estimator evaluates the trial when it runs in this JVM; a remote executor ignores it and uses
     *                  its {@link TrialRecipe}
     */
    <G extends Genome> CompletableFuture<TrialResult> submit(Trial<G> trial, PerformanceEstimator<G> estimator);

    @Override
    void close();
}
