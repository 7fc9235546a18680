package io.nas4j.benchmarks.suite;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncumbentScoreboardTest {

    private final IncumbentScoreboard scoreboard = new IncumbentScoreboard(Objective.maximize("accuracy"), "test200");

    @Test
    void reportsNothingBeforeATrialCompletes() {
        scoreboard.record(trial(0, TrialState.FAILED, Map.of(), 0));

        assertThat(scoreboard.value()).isNaN();
    }

    @Test
    void reportsTheHeldOutMetricOfTheBestSearchSignal() {
        scoreboard.record(trial(0, TrialState.COMPLETE, Map.of("accuracy", 80.0, "test200", 90.0), 12));
        scoreboard.record(trial(1, TrialState.COMPLETE, Map.of("accuracy", 85.0, "test200", 88.0), 12));
        scoreboard.record(trial(2, TrialState.COMPLETE, Map.of("accuracy", 70.0, "test200", 94.0), 12));

        assertThat(scoreboard.value()).isEqualTo(88.0);
    }

    @Test
    void aTieKeepsTheEarlierTrial() {
        scoreboard.record(trial(0, TrialState.COMPLETE, Map.of("accuracy", 80.0, "test200", 90.0), 12));
        scoreboard.record(trial(1, TrialState.COMPLETE, Map.of("accuracy", 80.0, "test200", 91.0), 12));

        assertThat(scoreboard.value()).isEqualTo(90.0);
    }

    @Test
    void aHigherFidelityReplacesTheIncumbentEvenWhenItScoresLess() {
        scoreboard.record(trial(0, TrialState.COMPLETE, Map.of("accuracy", 85.0, "test200", 90.0), 12));
        scoreboard.record(trial(1, TrialState.COMPLETE, Map.of("accuracy", 84.0, "test200", 84.0), 200));
        scoreboard.record(trial(2, TrialState.COMPLETE, Map.of("accuracy", 89.0, "test200", 93.0), 12));

        assertThat(scoreboard.value()).isEqualTo(84.0);
    }

    @Test
    void failedAndPrunedTrialsAreIgnored() {
        scoreboard.record(trial(0, TrialState.COMPLETE, Map.of("accuracy", 85.0, "test200", 90.0), 12));
        scoreboard.record(trial(1, TrialState.PRUNED, Map.of("accuracy", 95.0, "test200", 95.0), 200));

        assertThat(scoreboard.value()).isEqualTo(90.0);
    }

    private static TrialRecord trial(long id, TrialState state, Map<String, Double> metrics, double cost) {
        return new TrialRecord(id, (int) id, (int) id, (int) id, "g" + id, "g" + id, Double.POSITIVE_INFINITY, state,
                metrics, cost, "", 1, List.of(), null, null);
    }
}
