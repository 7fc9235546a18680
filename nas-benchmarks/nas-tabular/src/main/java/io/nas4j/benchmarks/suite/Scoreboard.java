package io.nas4j.benchmarks.suite;

import io.nas4j.core.port.TrialRecord;

/**
 * Follows one run of a suite and gives the value the suite reports after each trial: the held-out
 * accuracy of the incumbent for single-objective suites, a hypervolume for multi-objective ones.
 * One instance per run, fed every finished trial in order from the search thread.
 */
public interface Scoreboard {

    /** Takes note of a finished trial (COMPLETE, FAILED or PRUNED). */
    void record(TrialRecord trial);

    /** The reported value after the trials recorded so far; NaN while there is nothing to report. */
    double value();
}
