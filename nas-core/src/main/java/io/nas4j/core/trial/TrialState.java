package io.nas4j.core.trial;

/** The life of a trial. Only COMPLETE trials carry metrics a strategy learns from. */
public enum TrialState {
    QUEUED, RUNNING, COMPLETE, FAILED, PRUNED;

    public boolean finished() {
        return this == COMPLETE || this == FAILED || this == PRUNED;
    }
}
