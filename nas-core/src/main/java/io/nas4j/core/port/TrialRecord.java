package io.nas4j.core.port;

import io.nas4j.core.trial.TrialState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trial as a store keeps it: the genome in its space's text form, its state and results, and where it
 * sits in the search's ask/tell sequence (which is how a search is replayed on resume).
 *
 * @param id              the trial's number, from 0, in the order it was asked
 * @param batch           trials asked by one {@code ask(n)} call share a batch number
 * @param askedAfterTells how many outcomes the strategy had been told when this trial was asked
 * @param tellIndex       position of this trial's outcome in the tell sequence; -1 until told
 * @param genome          {@link io.nas4j.core.space.SearchSpace#format} of the genome
 * @param key             the canonical key of the genome
 * @param fidelity        resource units; infinity for full fidelity
 * @param attempt         1 for the first run; more after re-runs
 * @param reason          why it FAILED or was PRUNED; empty otherwise
 * @param curve           per-epoch validation metric, when trained
 * @param startedAt       null until started
 * @param finishedAt      null until finished
 */
public record TrialRecord(long id, int batch, int askedAfterTells, int tellIndex, String genome, String key,
                          double fidelity, TrialState state, Map<String, Double> metrics, double cost,
                          String reason, int attempt, List<Double> curve, Instant startedAt,
                          Instant finishedAt) {

    public TrialRecord {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        metrics = Map.copyOf(metrics);
        reason = reason == null ? "" : reason;
        curve = List.copyOf(curve);
    }

    public TrialRecord withState(TrialState newState) {
        return new TrialRecord(id, batch, askedAfterTells, tellIndex, genome, key, fidelity, newState, metrics,
                cost, reason, attempt, curve, startedAt, finishedAt);
    }

    public TrialRecord started(Instant at, int newAttempt) {
        return new TrialRecord(id, batch, askedAfterTells, -1, genome, key, fidelity, TrialState.RUNNING, Map.of(),
                0, "", newAttempt, List.of(), at, null);
    }

    public TrialRecord finished(TrialState newState, Map<String, Double> newMetrics, double newCost,
                                String newReason, List<Double> newCurve, int newTellIndex, Instant at) {
        return new TrialRecord(id, batch, askedAfterTells, newTellIndex, genome, key, fidelity, newState,
                newMetrics, newCost, newReason, attempt, newCurve, startedAt, at);
    }

    /** Seconds between start and finish, or NaN when not both are known. */
    public double seconds() {
        if (startedAt == null || finishedAt == null) {
            return Double.NaN;
        }
        return (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
