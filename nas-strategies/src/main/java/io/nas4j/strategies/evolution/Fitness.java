package io.nas4j.strategies.evolution;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.trial.TrialState;

import java.util.List;

/**
 * How an outcome ranks under one objective: its score (larger is better). A FAILED trial has no metrics,
 * and a trial whose metrics lack the objective cannot be compared, so both rank below every measured one
 * (negative infinity); selection then never prefers them, yet they still age out of a population like any
 * other member. A PRUNED trial ranks by the score it reached before it was stopped.
 */
final class Fitness {

    private Fitness() {
    }

    static double of(Observation<?> observation, Objective objective) {
        if (observation.state() == TrialState.FAILED) {
            return Double.NEGATIVE_INFINITY;
        }
        double score = objective.score(observation.metrics());
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }

    /** Every objective's score, or null when the outcome cannot be placed in objective space. */
    static double[] vector(Observation<?> observation, List<Objective> objectives) {
        if (observation.state() == TrialState.FAILED) {
            return null;
        }
        double[] scores = new double[objectives.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = objectives.get(i).score(observation.metrics());
            if (!Double.isFinite(scores[i])) {
                return null;
            }
        }
        return scores;
    }
}
