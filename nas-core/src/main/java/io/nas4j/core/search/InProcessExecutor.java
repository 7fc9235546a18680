package io.nas4j.core.search;

import io.nas4j.core.trial.TrialResult;

import io.nas4j.core.trial.Trial;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials in this JVM: on the calling thread when the parallelism is 1 (deterministic and cheap,
 * for tabular suites and tests), on a pool of daemon threads otherwise. Native training backends belong
 * in worker processes instead; see the design notes.
 */
public final class InProcessExecutor implements TrialExecutor {

    private final int parallelism;
    private final ExecutorService pool;

    public InProcessExecutor(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.pool = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism, daemonThreads());
    }

    public static InProcessExecutor sequential() {
        return new InProcessExecutor(1);
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public <G extends Genome> CompletableFuture<TrialResult> submit(Trial<G> trial,
                                                                    PerformanceEstimator<G> estimator) {
        if (pool == null) {
            return CompletableFuture.completedFuture(run(trial, estimator));
        }
        return CompletableFuture.supplyAsync(() -> run(trial, estimator), pool);
    }

    /** Runs the estimator and turns anything it throws into a FAILED result with the reason. */
    static <G extends Genome> TrialResult run(Trial<G> trial, PerformanceEstimator<G> estimator) {
        try {
            TrialResult result = estimator.estimate(trial);
            if (result == null) {
                return TrialResult.failed("the estimator returned no result");
            }
            return result;
        } catch (OutOfMemoryError e) {
            return TrialResult.failed("out of memory: " + e.getMessage());
        } catch (Exception | LinkageError | AssertionError e) {
            String message = e.getMessage();
            return TrialResult.failed(e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "nas4j-trial-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
