package io.nas4j.core.trial;

import io.nas4j.core.search.RetryPolicy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an estimator returns for a trial.
 *
 * @param state    COMPLETE, FAILED or PRUNED
 * @param metrics  named metrics, for example {@code accuracy}, {@code params}; empty when FAILED
 * @param cost     cost units spent (epochs trained, tabular fidelity); 0 when unknown
 * @param reason   why a trial FAILED or was PRUNED; for a COMPLETE trial, why it finished early (an
 *                 estimator stopped it and reports its partial metrics), else empty
 * @param curve    the validation metric after each epoch, when the estimator trains; may be empty
 * @param lost     true when a FAILED trial did not fail by itself but lost the machinery running it (its
 *                 worker process died, its executor was lost): a {@link RetryPolicy} may run it again
 */
public record TrialResult(TrialState state, Map<String, Double> metrics, double cost, String reason,
                          List<Double> curve, boolean lost) {

    public TrialResult {
        Objects.requireNonNull(state, "state");
        metrics = Map.copyOf(metrics);
        reason = reason == null ? "" : reason;
        curve = List.copyOf(curve);
        if (!state.finished()) {
            throw new IllegalArgumentException("a result must be finished, got " + state);
        }
        if (lost && state != TrialState.FAILED) {
            throw new IllegalArgumentException("only a FAILED result can be lost, got " + state);
        }
    }

    /** A result of the trial itself (not lost). */
    public TrialResult(TrialState state, Map<String, Double> metrics, double cost, String reason, List<Double> curve) {
        this(state, metrics, cost, reason, curve, false);
    }

    public static TrialResult complete(Map<String, Double> metrics, double cost) {
        return new TrialResult(TrialState.COMPLETE, metrics, cost, "", List.of());
    }

    public static TrialResult failed(String reason) {
        return new TrialResult(TrialState.FAILED, Map.of(), 0, reason, List.of());
    }

    /**
     * The trial could not finish for a reason outside it: its worker died, its executor was lost. Such a
     * failure is recorded like any other, but a {@link RetryPolicy} may run the trial again first.
     */
    public static TrialResult lost(String reason) {
        return new TrialResult(TrialState.FAILED, Map.of(), 0, reason, List.of(), true);
    }

    public static TrialResult pruned(Map<String, Double> metrics, double cost, String reason) {
        return new TrialResult(TrialState.PRUNED, metrics, cost, reason, List.of());
    }
}
