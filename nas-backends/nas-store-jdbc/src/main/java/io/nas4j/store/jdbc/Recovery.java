package io.nas4j.store.jdbc;

/**
 * What taking over a search found: trials kept as they were, and trials that were RUNNING under a lease
 * that had lapsed (their process died) and are QUEUED again.
 *
 * @param finished trials with a stored outcome (COMPLETE, FAILED or PRUNED), kept
 * @param requeued RUNNING trials whose lease had lapsed, now QUEUED to run again
 * @param stillLeased RUNNING trials whose holder still held a live lease when the wait for it ended
 */
public record Recovery(int finished, int requeued, int stillLeased) {
}
