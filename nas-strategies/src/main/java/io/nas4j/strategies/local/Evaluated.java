package io.nas4j.strategies.local;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.trial.TrialState;

/**
 * A genome with its known primary score, larger is better. A FAILED trial, or one without the primary
 * metric, scores negative infinity: climbing never moves onto it, and any measured neighbour beats it.
 */
record Evaluated<G extends Genome>(G genome, String key, double score) {

    static <G extends Genome> Evaluated<G> of(Observation<G> observation, String key, Objective objective) {
        double score = observation.state() == TrialState.FAILED ? Double.NaN : objective.score(observation.metrics());
        return new Evaluated<>(observation.genome(), key, Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score);
    }

    boolean beats(Evaluated<G> other) {
        return score > other.score;
    }
}
