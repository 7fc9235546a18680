package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aScheduleSpansAtLeastOneStep() {
        assertThatThrownBy(() -> cosine(0.1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 step");
    }
}
