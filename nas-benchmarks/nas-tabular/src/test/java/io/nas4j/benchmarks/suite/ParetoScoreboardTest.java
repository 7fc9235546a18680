package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.benchmarks.tabular.MacroEntry;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParetoScoreboardTest {

    private static final List<Objective> OBJECTIVES = List.of(Objective.maximize("accuracy"), Objective.minimize("params"));

    private static TrialRecord trial(long id, double accuracy, double params) {
        return new TrialRecord(id, (int) id, 0, (int) id, "k" + id, "k" + id, Double.POSITIVE_INFINITY,
                TrialState.COMPLETE, Map.of("accuracy", accuracy, "params", params), 1, "", 1, List.of(), null, null);
    }

    @Test
    void findingEveryPointOfATableGivesTheWholeVolume() {
        List<double[]> table = List.of(new double[] {90, 3}, new double[] {80, 1}, new double[] {85, 2}, new double[] {70, 3});
        ParetoScoreboard scoreboard = ParetoScoreboard.reference(OBJECTIVES, table).newScoreboard();
        for (int i = 0; i < table.size(); i++) {
            scoreboard.record(trial(i, table.get(i)[0], table.get(i)[1]));
        }
        assertThat(scoreboard.value()).isEqualTo(1.0);
    }

    @Test
    void aPartialFrontGivesTheHandComputedFraction() {
        // scaled: accuracy (x - 70) / 20, params (3 - p) / 2; true front (1, 0), (0.75, 0.5), (0.5, 1)
        List<double[]> table = List.of(new double[] {90, 3}, new double[] {80, 1}, new double[] {85, 2}, new double[] {70, 3});
        ParetoScoreboard scoreboard = ParetoScoreboard.reference(OBJECTIVES, table).newScoreboard();
        assertThat(scoreboard.value()).isNaN();
        scoreboard.record(trial(0, 85, 2));
        // found volume 0.75 * 0.5 = 0.375; true volume 0.75 * 0.5 + 0.5 * 0.5 = 0.625
        assertThat(scoreboard.value()).isCloseTo(0.375 / 0.625, within(1e-12));
    }

    @Test
    void aRandomSearchOnMacroFindsPartOfTheTrueFront() {
        Benchmark<?> benchmark = new MacroMultiObjectiveSuite().open(TestData.directory(), null);
        SuiteSummary summary = new SuiteRunner(Strategies.installed())
                .run(benchmark, new BenchPlan(List.of("random"), 2, 50, 3, Map.of()), BenchProgress.NONE);
        double fraction = summary.strategies().get("random").last().mean();
        assertThat(fraction).isBetween(0.5, 1.0);
    }

    @Test
    void theTrueFrontOfMacroHasPositiveVolume() {
        List<double[]> points = TestData.macro().entries().stream()
                .map((MacroEntry e) -> new double[] {e.meanAccuracy(), e.params()}).toList();
        assertThat(ParetoScoreboard.reference(OBJECTIVES, points).trueVolume()).isBetween(0.5, 1.0);
    }
}
