package io.nas4j.benchmarks.training;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** How a time limit is shared between the search and the final training of its best network. */
class FinalTrainingBudgetTest {

    private static final TrainingSearchSpec SPEC = TrainingSearchSpec.builder()
            .budget(100, 1000).training(2, 15, 64, 0.002).dataFraction(0.25).build();

    @Test
    void theSearchStopsAskingWhenTheFinalTrainingsShareOfTheLimitIsLeft() {
        assertThat(SPEC.searchSeconds()).isEqualTo(600);
        assertThat(TrainingSearchSpec.builder().budget(10, 1000).finalShare(0.25).build().searchSeconds()).isEqualTo(750);
        assertThat(TrainingSearchSpec.builder().budget(10, 0).build().searchSeconds()).as("no limit").isZero();
    }

    @Test
    void finalEpochsAreCutToWhatFitsInTheTimeLeftFromTheCandidatesOwnSpeed() {
        // the candidate saw 2 epochs of a quarter of 40,000 examples (20,000) in 100 s: 5 ms per example;
        // one final epoch over 50,000 examples then takes 250 s, and 0.9 * 1000 s holds 3 of them
        TrialRecord best = candidate(100.0, 2);

        assertThat(TrainingSearch.finalEpochs(SPEC, best, 40_000, 50_000, Duration.ofSeconds(1000))).isEqualTo(3);
        assertThat(TrainingSearch.finalEpochs(SPEC, best, 40_000, 50_000, Duration.ofHours(10)))
                .as("never more than asked for").isEqualTo(15);
        assertThat(TrainingSearch.finalEpochs(SPEC, best, 40_000, 50_000, Duration.ofSeconds(10)))
                .as("at least one, however little time is left").isEqualTo(1);
    }

    @Test
    void withoutAMeasuredTrainingTimeTheSpecsEpochsStand() {
        TrialRecord unmeasured = new TrialRecord(1, 0, 0, 0, "g", "g", Double.POSITIVE_INFINITY, TrialState.COMPLETE,
                Map.of("accuracy", 0.9), 2, "", 1, List.of(0.8, 0.9), null, null);

        assertThat(TrainingSearch.finalEpochs(SPEC, unmeasured, 40_000, 50_000, Duration.ofSeconds(1))).isEqualTo(15);
    }

    @Test
    void theShareMustLeaveRoomForBoth() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrainingSearchSpec.builder().finalShare(1.0).build())
                .withMessage("finalShare must be in (0, 1), got 1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> TrainingSearchSpec.builder().maxMacs(-1).build())
                .withMessage("maxMacs must not be negative, got -1");
    }

    private static TrialRecord candidate(double trainSeconds, int epochs) {
        return new TrialRecord(1, 0, 0, 0, "g", "g", Double.POSITIVE_INFINITY, TrialState.COMPLETE,
                Map.of("accuracy", 0.9, "train_seconds", trainSeconds), epochs, "", 1,
                java.util.Collections.nCopies(epochs, 0.9), null, null);
    }
}
