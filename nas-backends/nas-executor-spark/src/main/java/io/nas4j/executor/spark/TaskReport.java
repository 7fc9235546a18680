package io.nas4j.executor.spark;

import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrialTask} sends back to the driver through Spark: who ran it, what became of the trial, and,
 * when the driver commits results ({@link SparkTrialExecutor.Results#DRIVER}), the result itself. A
 * {@link TrialResult} is not serializable (the core stays free of transport concerns), so the result
 * travels as its parts.
 *
 * @param label   the executor and Spark task attempt that ran the task, as the store records it
 * @param outcome what the task did
 * @param detail  why the task ran nothing, or empty
 * @param result  the trial's result for the driver to commit; null unless {@code outcome} is {@link Outcome#EVALUATED}
 */
record TaskReport(String label, Outcome outcome, String detail, Result result) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a task did with its trial. */
    enum Outcome {
        /** It evaluated the trial and wrote the result under its lease. */
        RECORDED,
        /** An earlier run of the same attempt had stored a result; it ran nothing. */
        ALREADY_RECORDED,
        /** The search has moved to another attempt, or the trial is gone; it ran nothing. */
        SUPERSEDED,
        /** It evaluated the trial but its lease was voided meanwhile: the store refused the result. */
        REFUSED,
        /** It evaluated the trial and returns the result for the driver to commit. */
        EVALUATED
    }

    TaskReport {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if ((outcome == Outcome.EVALUATED) != (result != null)) {
            throw new IllegalArgumentException("a result travels exactly when the task evaluated for the driver");
        }
    }

    static TaskReport of(String label, Outcome outcome, String detail) {
        return new TaskReport(label, outcome, detail, null);
    }

    static TaskReport evaluated(String label, TrialResult result) {
        return new TaskReport(label, Outcome.EVALUATED, "", Result.of(result));
    }

    /** The result the task evaluated, for the driver to commit. */
    Optional<TrialResult> trialResult() {
        return Optional.ofNullable(result).map(Result::toTrialResult);
    }

    @Override
    public String toString() {
        return label + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** A {@link TrialResult} in serializable parts (immutable JDK collections are serializable). */
    record Result(TrialState state, Map<String, Double> metrics, double cost, String reason, List<Double> curve,
                  boolean lost) implements Serializable {

        private static final long serialVersionUID = 1L;

        static Result of(TrialResult result) {
            return new Result(result.state(), Map.copyOf(result.metrics()), result.cost(), result.reason(),
                    List.copyOf(result.curve()), result.lost());
        }

        TrialResult toTrialResult() {
            return new TrialResult(state, metrics, cost, reason, curve, lost);
        }
    }
}
