package io.nas4j.core.search;

import io.nas4j.core.trial.TrialState;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a search: every trial, the best complete trial under the primary objective (among
 * trials of the highest fidelity evaluated), and the non-dominated set when there are several objectives.
 *
 * @param trials    every trial in id order
 * @param best      the incumbent with its genome, empty when no trial completed
 * @param pareto    the non-dominated complete trials (the best alone for one objective)
 * @param elapsed   wall time of this run (not counting earlier runs before a resume)
 */
public record SearchResult<G extends Genome>(List<Objective> objectives, List<TrialRecord> trials,
                                             Optional<Best<G>> best, List<TrialRecord> pareto,
                                             Duration elapsed) {

    public SearchResult {
        objectives = List.copyOf(objectives);
        trials = List.copyOf(trials);
        pareto = List.copyOf(pareto);
    }

    public long count(TrialState state) {
        return trials.stream().filter(trial -> trial.state() == state).count();
    }

    /** The incumbent trial and its decoded genome. */
    public record Best<G extends Genome>(TrialRecord trial, G genome) {
    }
}
