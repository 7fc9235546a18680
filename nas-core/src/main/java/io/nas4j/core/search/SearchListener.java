package io.nas4j.core.search;

import io.nas4j.core.port.TrialRecord;

/**
 * Hears a search's progress: for progress bars, dashboards and logs. Called on the search thread, in
 * order; a listener that throws is logged and otherwise ignored.
 */
public interface SearchListener {

    /** The search is about to ask its first proposal; {@code resumedTrials} were replayed from the store. */
    default void searchStarted(int maxTrials, int resumedTrials) {
    }

    default void trialStarted(TrialRecord trial) {
    }

    /** A trial finished and was stored; {@code incumbent} is the best complete trial so far, or null. */
    default void trialFinished(TrialRecord trial, TrialRecord incumbent) {
    }

    default void searchFinished(SearchResult<?> result) {
    }
}
