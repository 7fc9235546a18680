package io.nas4j.runner.training;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which members of a front are trained again: the best by each objective, the knee, then its neighbours. */
class FrontSelectionTest {

    private static final List<Objective> OBJECTIVES = List.of(Objective.maximize("accuracy"), Objective.minimize("params"));
    private static final List<String> NAMES = List.of("accuracy", "params");

    private static TrialRecord trial(long id, String key, double accuracy, double params) {
        return new TrialRecord(id, (int) id, 0, (int) id, key, key, Double.POSITIVE_INFINITY, TrialState.COMPLETE,
                Map.of("accuracy", accuracy, "params", params), 1, "", 1, List.of(), null, null);
    }

    /** A front from 1,000 parameters at 0.80 to 9,000 at 0.96; trial 3 gives up least on both. */
    private static final List<TrialRecord> FRONT = List.of(
            trial(7, "a", 0.80, 1_000),
            trial(2, "b", 0.90, 3_000),
            trial(3, "c", 0.94, 4_000),
            trial(5, "d", 0.95, 7_000),
            trial(9, "e", 0.96, 9_000));

    @Test
    void theBestByEachObjectiveComeFirstThenTheKnee() {
        List<FrontSelection.Choice> chosen = FrontSelection.choose(FRONT, OBJECTIVES, NAMES, 3);

        assertThat(chosen).extracting(choice -> choice.trial().id()).containsExactly(9L, 7L, 3L);
        assertThat(chosen).extracting(FrontSelection.Choice::reasons)
                .containsExactly(List.of("accuracy"), List.of("params"), List.of("knee"));
    }

    @Test
    void moreThanThreeAddTheMembersNearestTheIdealAndFewerKeepTheFirst() {
        assertThat(FrontSelection.choose(FRONT, OBJECTIVES, NAMES, 10)).extracting(choice -> choice.trial().id())
                .containsExactly(9L, 7L, 3L, 2L, 5L);
        assertThat(FrontSelection.choose(FRONT, OBJECTIVES, NAMES, 10).get(3).reasons()).containsExactly("near-knee");
        assertThat(FrontSelection.choose(FRONT, OBJECTIVES, NAMES, 1)).extracting(choice -> choice.trial().id())
                .containsExactly(9L);
    }

    @Test
    void aKneeThatIsAlsoAnExtremeIsNamedSoAndItsNeighbourFillsTheSlot() {
        List<TrialRecord> two = List.of(trial(1, "a", 0.90, 1_000), trial(4, "b", 0.91, 9_000));

        List<FrontSelection.Choice> chosen = FrontSelection.choose(two, OBJECTIVES, NAMES, 3);

        // each is 1 from the ideal; the tie goes to the lower id
        assertThat(chosen).extracting(choice -> choice.trial().id()).containsExactly(4L, 1L);
        assertThat(chosen.get(1).reasons()).containsExactly("params", "knee");
    }

    @Test
    void oneArchitectureEvaluatedTwiceCountsOnceAsItsFirstTrial() {
        List<TrialRecord> repeated = List.of(trial(6, "a", 0.9, 1_000), trial(2, "a", 0.9, 1_000));

        List<FrontSelection.Choice> chosen = FrontSelection.choose(repeated, OBJECTIVES, NAMES, 3);

        assertThat(chosen).hasSize(1);
        assertThat(chosen.get(0).trial().id()).isEqualTo(2);
        assertThat(chosen.get(0).reasons()).containsExactly("accuracy", "params", "knee");
    }

    @Test
    void theKneeIsNearestTheIdealWithEveryObjectiveScaledOverTheFront() {
        double[] distances = FrontSelection.distancesToIdeal(List.of(FRONT.get(0), FRONT.get(2), FRONT.get(4)), OBJECTIVES);

        // accuracy scaled over [0.80, 0.96], parameters over [1,000, 9,000] (fewer is better)
        assertThat(distances[0]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(distances[1]).isCloseTo(Math.hypot(1 - 0.14 / 0.16, 3.0 / 8), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(distances[2]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    }
}
