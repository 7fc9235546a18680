package io.nas4j.benchmarks.suite;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;

import java.util.Objects;

/**
 * Reports a held-out metric of the incumbent: the COMPLETE trial with the best {@code selection} score
 * among those at the highest fidelity evaluated so far. A strategy would return exactly that trial if
 * stopped now, so the reported metric (for example the 200-epoch test accuracy) never leaks into the
 * choice. Among equal scores the earlier trial stays.
 *
 * <p>A trial's fidelity here is the cost its estimator charged, not the resource asked for: for tabular
 * suites that is the number of epochs behind the looked-up number, so a full-fidelity request answered
 * from the 12-epoch table ranks below an explicit 200-epoch one.
 */
public final class IncumbentScoreboard implements Scoreboard {

    private final Objective selection;
    private final String reported;
    private double level = Double.NEGATIVE_INFINITY;
    private double bestScore = Double.NaN;
    private double value = Double.NaN;

    /**
     * @param selection the objective the incumbent is chosen by
     * @param reported  the metric reported for it
     */
    public IncumbentScoreboard(Objective selection, String reported) {
        this.selection = Objects.requireNonNull(selection, "selection");
        this.reported = Objects.requireNonNull(reported, "reported");
    }

    @Override
    public void record(TrialRecord trial) {
        if (trial.state() != TrialState.COMPLETE) {
            return;
        }
        double score = selection.score(trial.metrics());
        if (Double.isNaN(score)) {
            return;
        }
        double trialLevel = trial.cost();
        if (trialLevel > level || (trialLevel == level && score > bestScore)) {
            level = trialLevel;
            bestScore = score;
            Double metric = trial.metrics().get(reported);
            value = metric == null ? Double.NaN : metric;
        }
    }

    @Override
    public double value() {
        return value;
    }
}
