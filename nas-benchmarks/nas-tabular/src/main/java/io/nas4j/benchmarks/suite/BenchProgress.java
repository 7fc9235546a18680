package io.nas4j.benchmarks.suite;

/**
 * Hears a suite's progress, for progress lines in the command line. Called on the runner's thread.
 */
public interface BenchProgress {

    /** Hears nothing. */
    BenchProgress NONE = (strategy, finishedRuns, totalRuns) -> {
    };

    /**
     * A run finished.
     *
     * @param strategy     the strategy of the run
     * @param finishedRuns runs finished so far, over all strategies
     * @param totalRuns    runs in the whole plan
     */
    void runFinished(String strategy, int finishedRuns, int totalRuns);

    /**
     * Every run of a strategy finished: {@code soFar} holds the strategies finished so far, in the plan's
     * order, so a caller can keep them (write them out) before the next strategy runs.
     */
    default void strategyFinished(SuiteSummary soFar) {
    }
}
