package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
    void finalEpochsAreCutToWhatFitsInTheTimeLeftAtTheMeasuredEpochTime() {
        // 250 s an epoch; 95% of 1000 s holds 3 of them
        assertThat(TrainingSearch.finalEpochs(SPEC, 250, Duration.ofSeconds(1000))).isEqualTo(3);
        assertThat(TrainingSearch.finalEpochs(SPEC, 250, Duration.ofHours(10))).as("never more than asked for").isEqualTo(15);
        assertThat(TrainingSearch.finalEpochs(SPEC, 250, Duration.ofSeconds(10)))
                .as("at least one, however little time is left").isEqualTo(1);
        assertThat(TrainingSearch.finalEpochs(SPEC, 0, Duration.ofSeconds(1))).as("nothing measured").isEqualTo(15);
    }

    @Test
    void theShareMustLeaveRoomForBoth() {
        assertThatExceptionOfType(UserInputException.class).isThrownBy(() -> TrainingSearchSpec.builder().finalShare(1.0).build())
                .withMessage("finalShare must be in (0, 1), got 1.0");
        assertThatExceptionOfType(UserInputException.class).isThrownBy(() -> TrainingSearchSpec.builder().maxMacs(-1).build())
                .withMessage("maxMacs must be 0 (no limit) or more, got -1");
    }
}
