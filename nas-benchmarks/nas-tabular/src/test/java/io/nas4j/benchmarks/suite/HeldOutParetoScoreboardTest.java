package io.nas4j.benchmarks.suite;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HeldOutParetoScoreboardTest {

    private static final List<Objective> SEARCHED = List.of(Objective.maximize("accuracy"), Objective.minimize("params"));
    private static final List<Objective> HELD_OUT = List.of(Objective.maximize("test"), Objective.minimize("params"));
    /** Scaled: test (x - 70) / 20, params (3 - p) / 2; true front (1, 0), (0.75, 0.5), (0.5, 1): volume 0.625. */
    private static final List<double[]> TABLE = List.of(new double[] {90, 3}, new double[] {80, 1},
            new double[] {85, 2}, new double[] {70, 3});

    private static TrialRecord trial(long id, double accuracy, double test, double params) {
        return new TrialRecord(id, (int) id, 0, (int) id, "k" + id, "k" + id, Double.POSITIVE_INFINITY,
                TrialState.COMPLETE, Map.of("accuracy", accuracy, "test", test, "params", params), 1, "", 1, List.of(),
                null, null);
    }

    private static HeldOutParetoScoreboard scoreboard() {
        return new HeldOutParetoScoreboard(SEARCHED, ParetoScoreboard.reference(HELD_OUT, TABLE));
    }

    @Test
    void aMemberIsMeasuredByItsHeldOutMetric() {
        HeldOutParetoScoreboard scoreboard = scoreboard();
        assertThat(scoreboard.value()).isNaN();
        scoreboard.record(trial(0, 99, 85, 2));
        assertThat(scoreboard.value()).isCloseTo(0.75 * 0.5 / 0.625, within(1e-12));
    }

    @Test
    void aTrialTheSearchedObjectivesDominateCountsForNothingHowGoodItsHeldOutMetric() {
        HeldOutParetoScoreboard scoreboard = scoreboard();
        scoreboard.record(trial(0, 99, 85, 2));
        scoreboard.record(trial(1, 98, 90, 2));
        assertThat(scoreboard.value()).isCloseTo(0.75 * 0.5 / 0.625, within(1e-12));
    }

    @Test
    void theValueFallsWhenAMemberIsDisplacedByOneWorseOnHeldOutData() {
        HeldOutParetoScoreboard scoreboard = scoreboard();
        scoreboard.record(trial(0, 90, 85, 2));
        double before = scoreboard.value();
        scoreboard.record(trial(1, 95, 75, 2));
        assertThat(scoreboard.value()).isLessThan(before).isCloseTo(0.25 * 0.5 / 0.625, within(1e-12));
    }

    @Test
    void membersThatTradeOffAddUp() {
        HeldOutParetoScoreboard scoreboard = scoreboard();
        scoreboard.record(trial(0, 95, 90, 3));
        scoreboard.record(trial(1, 91, 80, 1));
        scoreboard.record(trial(2, 93, 85, 2));
        assertThat(scoreboard.value()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void failedTrialsAreIgnored() {
        HeldOutParetoScoreboard scoreboard = scoreboard();
        scoreboard.record(new TrialRecord(0, 0, 0, 0, "k", "k", Double.POSITIVE_INFINITY, TrialState.FAILED, Map.of(),
                1, "diverged", 1, List.of(), null, null));
        assertThat(scoreboard.value()).isNaN();
    }
}
