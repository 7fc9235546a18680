package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

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
    void aTrainingThatFillsADeadlineReplansFromTheEpochsItHasTimed() {
        MovingClock clock = new MovingClock();
        Instant deadline = clock.instant().plusSeconds(1000);
        TrainingBackend.EpochMonitor monitor = FinalTrainingBudget.fill(deadline, 40, clock);

        clock.advance(50); // the probe guessed 100 s an epoch and planned 9; the first took 50
        assertThat(monitor.epochFinished(1, 1.0, Double.NaN)).isTrue();
        assertThat(monitor.epochsInAll(1, 9)).as("1 done, 95%% of 950 s at 50 s an epoch: 18 more").isEqualTo(19);
        clock.advance(150); // the machine got busy
        assertThat(monitor.epochFinished(2, 1.0, Double.NaN)).isTrue();
        assertThat(monitor.epochsInAll(2, 19)).as("2 done at 100 s each, 800 s left").isEqualTo(9);

        TrainingBackend.EpochMonitor capped = FinalTrainingBudget.fill(deadline, 5, clock);
        clock.advance(10);
        assertThat(capped.epochFinished(1, 1.0, Double.NaN)).isTrue();
        assertThat(capped.epochsInAll(1, 3)).as("never more than the most asked for").isEqualTo(5);
    }

    @Test
    void aTrainingThatFillsADeadlineStopsBeforeAnEpochThatWouldPassIt() {
        MovingClock clock = new MovingClock();
        TrainingBackend.EpochMonitor monitor = FinalTrainingBudget.fill(clock.instant().plusSeconds(250), 40, clock);

        clock.advance(100);
        assertThat(monitor.epochFinished(1, 1.0, Double.NaN)).isTrue();
        assertThat(monitor.epochsInAll(1, 9)).isEqualTo(2);
        clock.advance(100);
        assertThat(monitor.epochFinished(2, 1.0, Double.NaN)).as("another 100 s would pass the deadline").isFalse();
        assertThat(FinalTrainingBudget.fill(null, 40).epochsInAll(3, 7)).as("no deadline: the plan").isEqualTo(7);
    }

    @Test
    void theShareMustLeaveRoomForBoth() {
        assertThatExceptionOfType(UserInputException.class).isThrownBy(() -> TrainingSearchSpec.builder().finalShare(1.0).build())
                .withMessage("finalShare must be in (0, 1), got 1.0");
        assertThatExceptionOfType(UserInputException.class).isThrownBy(() -> TrainingSearchSpec.builder().maxMacs(-1).build())
                .withMessage("maxMacs must be 0 (no limit) or more, got -1");
    }

    /** A clock that moves only when told. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-08T00:00:00Z");

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
