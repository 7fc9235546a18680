package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingPlan;

import java.util.Objects;

/**
 * The learning rate of each optimisation step of a run: constant, or a cosine from the base rate towards
 * zero over all steps, step {@code t} (1-based) of {@code T} at {@code base * (1 + cos(pi * (t - 1) / T)) / 2}
 * (steps before the first count as the first, after the last as the last). Computed in double precision
 * and rounded to float once, so a backend that holds the base rate as a float (DJL's optimisers take
 * floats) gives its rates from {@code (float) rate} exactly as it always did.
 *
 * @param kind       constant or cosine
 * @param base       the rate of the first step
 * @param totalSteps the steps the cosine spans, at least 1
 */
public record LearningRateSchedule(TrainingPlan.Schedule kind, double base, int totalSteps) {

    public LearningRateSchedule {
        Objects.requireNonNull(kind, "kind");
        if (totalSteps < 1) {
            throw new IllegalArgumentException("a schedule spans at least 1 step, got " + totalSteps);
        }
    }

    /** The schedule of {@code plan}'s learning rate over {@code totalSteps} steps. */
    public static LearningRateSchedule of(TrainingPlan plan, int totalSteps) {
        return new LearningRateSchedule(plan.schedule(), plan.learningRate(), totalSteps);
    }

    /** The rate of step {@code step}, counted from 1. */
    public float rate(int step) {
        if (kind == TrainingPlan.Schedule.CONSTANT) {
            return (float) base;
        }
        int done = Math.min(Math.max(step - 1, 0), totalSteps);
        return (float) (base * (1 + Math.cos(Math.PI * done / totalSteps)) / 2);
    }
}
