package io.nas4j.core.search;

import io.nas4j.core.trial.Fidelity;

import io.nas4j.core.trial.TrialState;

import io.nas4j.core.genome.Genome;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one proposal, as told to a strategy.
 *
 * @param trialId  the trial's number in this search
 * @param genome   what was evaluated
 * @param fidelity at which fidelity
 * @param state    COMPLETE, FAILED or PRUNED
 * @param metrics  the measured metrics (empty when FAILED)
 * @param cost     cost units spent (estimator-defined; for tabular suites the fidelity's epochs)
 */
public record Observation<G extends Genome>(long trialId, G genome, Fidelity fidelity, TrialState state,
                                            Map<String, Double> metrics, double cost) {
    public Observation {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(state, "state");
        metrics = Map.copyOf(metrics);
        if (!state.finished()) {
            throw new IllegalArgumentException("an observation needs a finished trial, got " + state);
        }
    }

    public boolean complete() {
        return state == TrialState.COMPLETE;
    }
}
