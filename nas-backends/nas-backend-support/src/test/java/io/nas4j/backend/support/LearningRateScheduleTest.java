package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LearningRateScheduleTest {

    private static LearningRateSchedule cosine(double base, int steps) {
        return new LearningRateSchedule(TrainingPlan.Schedule.COSINE, base, steps);
    }

    @Test
    void aConstantRateIsThePlansAtEveryStep() {
        TrainingPlan plan = new TrainingPlan(2, 8, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 1);
        LearningRateSchedule schedule = LearningRateSchedule.of(plan, 10);

        for (int step = 1; step <= 10; step++) {
            assertThat(schedule.rate(step)).isEqualTo(0.05f);
        }
    }

    @Test
    void aCosineFallsFromTheBaseTowardsZeroOverAllSteps() {
        LearningRateSchedule schedule = cosine(0.1, 4);

        assertThat(schedule.rate(1)).isEqualTo(0.1f);
        assertThat(schedule.rate(2)).isEqualTo(0.08535534f);
        assertThat(schedule.rate(3)).isEqualTo(0.05f);
        assertThat(schedule.rate(4)).isEqualTo(0.014644661f);
    }

    @Test
    void stepsOutsideTheSpanTakeTheNearestEnd() {
        LearningRateSchedule schedule = cosine(0.1, 4);

        assertThat(schedule.rate(0)).isEqualTo(schedule.rate(1));
        assertThat(schedule.rate(5)).isZero();
        assertThat(schedule.rate(100)).isZero();
    }

    @Test
    void aFloatBaseGivesTheRatesOfAFloatComputation() {
        float base = 3e-4f;
        LearningRateSchedule schedule = cosine(base, 7);

        for (int step = 1; step <= 7; step++) {
            assertThat(schedule.rate(step)).isEqualTo((float) (base * (1 + Math.cos(Math.PI * (step - 1) / 7)) / 2));
        }
    }

    @Test
    void aReplannedCosineGoesOnFromTheRateItHadAndStillEndsAtZero() {
        LearningRateSchedule planned = cosine(0.1, 10);
        LearningRateSchedule longer = planned.replanned(4, 20);
        LearningRateSchedule shorter = planned.replanned(4, 6);

        for (int step = 1; step <= 5; step++) {
            assertThat(longer.rate(step)).as("step %d, already taken or the next", step)
                    .isCloseTo(planned.rate(step), within(1e-8f));
            assertThat(shorter.rate(step)).as("step %d", step).isCloseTo(planned.rate(step), within(1e-8f));
        }
        assertThat(longer.rate(6)).as("more steps left: a slower fall").isGreaterThan(planned.rate(6));
        assertThat(shorter.rate(6)).as("fewer: a faster one").isLessThan(planned.rate(6));
        for (int step = 6; step <= 20; step++) {
            assertThat(longer.rate(step)).isLessThan(longer.rate(step - 1));
        }
        assertThat(longer.rate(21)).isZero();
        assertThat(shorter.rate(7)).isZero();
        assertThat(longer.replanned(12, 12).rate(13)).as("re-planned to the steps taken: done").isZero();
    }

    @Test
    void aScheduleNeverReplannedIsTheOneOfItsPlan() {
        LearningRateSchedule schedule = cosine(0.1, 4);

        assertThat(schedule.pivotStep()).isZero();
        assertThat(schedule.replanned(0, 4)).isEqualTo(schedule);
    }

    @Test
    void aScheduleSpansAtLeastOneStep() {
        assertThatThrownBy(() -> cosine(0.1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 step");
    }
}
