package io.nas4j.core.search;

import io.nas4j.core.trial.TrialResult;

/**
 * How often a search runs a trial whose machinery failed ({@link TrialResult#lost()}: its worker process
 * died, its executor was lost) before recording it as FAILED. A trial that fails by itself (throws,
 * returns NaN, runs past its time limit) is never retried: running it again would fail again.
 *
 * @param maxAttempts attempts in all, at least 1; 1 never retries
 */
public record RetryPolicy(int maxAttempts) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a trial needs at least one attempt, got " + maxAttempts);
        }
    }

    /** Never run a trial again. */
    public static RetryPolicy none() {
        return new RetryPolicy(1);
    }

    /** Up to {@code maxAttempts} attempts in all for a trial whose machinery failed. */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts);
    }

    /** Whether a trial that ended with {@code result} on attempt {@code attempt} runs again. */
    public boolean retries(TrialResult result, int attempt) {
        return result.lost() && attempt < maxAttempts;
    }
}
