package io.nas4j.benchmarks.suite;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reports the hypervolume fraction ({@link ParetoScoreboard}) of a run's non-dominated set, the set chosen by
 * the objectives the search sees and measured in held-out metrics: what {@link IncumbentScoreboard} does for
 * one objective. A strategy stopped now would return that set, so the held-out metrics never leak into the
 * choice. The set loses a member when a later trial dominates it by the searched objectives, so the value can
 * fall as well as rise. Among trials with equal searched scores the earlier one stays.
 */
public final class HeldOutParetoScoreboard implements Scoreboard {

    private final List<Objective> selection;
    private final ParetoScoreboard.Reference reported;
    private final List<TrialRecord> members = new ArrayList<>();
    private final List<double[]> memberScores = new ArrayList<>();
    private double value = Double.NaN;

    /**
     * @param selection the objectives the set is chosen by, as strategies see them
     * @param reported  the held-out objectives it is measured in, with the table's scaling and true front
     */
    public HeldOutParetoScoreboard(List<Objective> selection, ParetoScoreboard.Reference reported) {
        this.selection = List.copyOf(selection);
        this.reported = Objects.requireNonNull(reported, "reported");
    }

    @Override
    public void record(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        if (trial.state() != TrialState.COMPLETE) {
            return;
        }
        double[] scores = new double[selection.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = selection.get(i).score(trial.metrics());
            if (Double.isNaN(scores[i])) {
                return;
            }
        }
        for (double[] member : memberScores) {
            if (Pareto.dominates(member, scores) || Arrays.equals(member, scores)) {
                return;
            }
        }
        for (int i = members.size() - 1; i >= 0; i--) {
            if (Pareto.dominates(scores, memberScores.get(i))) {
                members.remove(i);
                memberScores.remove(i);
            }
        }
        members.add(trial);
        memberScores.add(scores);
        ParetoScoreboard measured = reported.newScoreboard();
        members.forEach(measured::record);
        value = measured.value();
    }

    @Override
    public double value() {
        return value;
    }
}
