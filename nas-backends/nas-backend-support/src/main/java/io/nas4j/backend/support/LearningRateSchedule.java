package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingPlan;

import java.util.Objects;

/**
 * The learning rate of each optimisation step of a run: constant, or a cosine from the base rate towards
 * zero over all steps, step {@code t} (1-based) of {@code T} at {@code base * (1 + cos(pi * p)) / 2} with
 * progress {@code p = (t - 1) / T} (steps before the first count as the first, after the last as the last).
 * Computed in double precision and rounded to float once, so a backend that holds the base rate as a float
 * (DJL's optimisers take floats) gives its rates from {@code (float) rate} exactly as it always did.
 *
 * <p>A run re-planned to another length after {@code pivotStep} steps ({@link #replanned}) keeps the progress it
 * had reached there, {@code pivotProgress}, and moves linearly from it to 1 over the steps left: the rate goes
 * on from where it was, without a jump, and still reaches zero at the new last step.
 *
 * @param kind          constant or cosine
 * @param base          the rate of the first step
 * @param totalSteps    the steps the cosine spans, at least 1
 * @param pivotStep     steps taken when the run was last re-planned; 0 when it never was
 * @param pivotProgress the progress at that step, in [0, 1]
 */
public record LearningRateSchedule(TrainingPlan.Schedule kind, double base, int totalSteps, int pivotStep,
                                   double pivotProgress) {

    public LearningRateSchedule {
        Objects.requireNonNull(kind, "kind");
        if (totalSteps < 1) {
            throw new IllegalArgumentException("a schedule spans at least 1 step, got " + totalSteps);
        }
        if (pivotStep < 0 || pivotStep > totalSteps || !(pivotProgress >= 0 && pivotProgress <= 1)) {
            throw new IllegalArgumentException("a re-planned schedule pivots at a step in [0, " + totalSteps
                    + "] with a progress in [0, 1], got step " + pivotStep + " at " + pivotProgress);
        }
    }

    /** A schedule over {@code totalSteps} steps, never re-planned. */
    public LearningRateSchedule(TrainingPlan.Schedule kind, double base, int totalSteps) {
        this(kind, base, totalSteps, 0, 0.0);
    }

    /** The schedule of {@code plan}'s learning rate over {@code totalSteps} steps. */
    public static LearningRateSchedule of(TrainingPlan plan, int totalSteps) {
        return new LearningRateSchedule(plan.schedule(), plan.learningRate(), totalSteps);
    }

    /**
     * This schedule re-planned, after {@code stepsTaken} steps, to span {@code newTotalSteps} in all (at least
     * the steps taken): the steps left take the rest of the cosine.
     */
    public LearningRateSchedule replanned(int stepsTaken, int newTotalSteps) {
        int taken = Math.max(0, stepsTaken);
        int total = Math.max(Math.max(1, taken), newTotalSteps);
        return new LearningRateSchedule(kind, base, total, Math.min(taken, total), progress(taken));
    }

    /** The rate of step {@code step}, counted from 1. */
    public float rate(int step) {
        if (kind == TrainingPlan.Schedule.CONSTANT) {
            return (float) base;
        }
        int done = Math.max(step - 1, 0);
        double angle = pivotStep == 0
                ? Math.PI * Math.min(done, totalSteps) / totalSteps // as before re-planning existed, bit for bit
                : Math.PI * progress(done);
        return (float) (base * (1 + Math.cos(angle)) / 2);
    }

    /** The share of the cosine behind us after {@code done} steps, in [0, 1]. */
    private double progress(int done) {
        if (done >= totalSteps) {
            return 1.0;
        }
        if (done <= pivotStep) {
            return pivotStep == 0 ? (double) done / totalSteps : pivotProgress * done / pivotStep;
        }
        return pivotProgress + (1 - pivotProgress) * (done - pivotStep) / (totalSteps - pivotStep);
    }
}
