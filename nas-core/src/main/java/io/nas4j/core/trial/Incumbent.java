package io.nas4j.core.trial;

import java.util.Objects;

/**
 * The best result a search knew of when it started a trial, for estimators that stop a trial once it
 * cannot beat it (learning-curve extrapolation). It is the best value of the search's primary objective
 * among the trials completed at the same fidelity as the trial it travels with, so that a low-fidelity
 * trial is measured against its own rung and a full one against full evaluations.
 *
 * @param metric  the primary objective's metric, for example {@code accuracy}
 * @param value   its best value (raw, in the metric's own direction)
 * @param trialId the trial that holds it
 */
public record Incumbent(String metric, double value, long trialId) {

    public Incumbent {
        Objects.requireNonNull(metric, "metric");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("an incumbent's value must be finite, got " + value);
        }
    }
}
