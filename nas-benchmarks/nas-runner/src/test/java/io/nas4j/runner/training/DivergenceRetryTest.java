package io.nas4j.runner.training;

import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DivergenceRetryTest {

    private static final TrainingPlan PLAN = TrainingPlan.adam(3, 7).withLearningRate(0.01);

    @Test
    void aTrainingThatTrainsIsRunOnceWithThePlanAsGiven() {
        List<TrainingPlan> tried = new ArrayList<>();

        String result = DivergenceRetry.train(PLAN, plan -> {
            tried.add(plan);
            return "trained";
        });

        assertThat(result).isEqualTo("trained");
        assertThat(tried).containsExactly(PLAN);
    }

    @Test
    void aDivergedTrainingIsRunAgainAtHalfTheRateWithEverythingElseKept() {
        List<TrainingPlan> tried = new ArrayList<>();

        String result = DivergenceRetry.train(PLAN, plan -> {
            tried.add(plan);
            if (tried.size() < 3) {
                throw new TrainingBackend.TrainingDivergedException("training loss became NaN at epoch 1, step 31");
            }
            return "trained at " + plan.learningRate();
        });

        assertThat(result).isEqualTo("trained at 0.0025");
        assertThat(tried).extracting(TrainingPlan::learningRate).containsExactly(0.01, 0.005, 0.0025);
        assertThat(tried).allSatisfy(plan -> assertThat(plan.withLearningRate(0.01)).isEqualTo(PLAN));
    }

    @Test
    void whenEveryTryDivergesTheErrorNamesTheRatesTried() {
        List<TrainingPlan> tried = new ArrayList<>();

        assertThatThrownBy(() -> DivergenceRetry.train(PLAN, plan -> {
            tried.add(plan);
            throw new TrainingBackend.TrainingDivergedException("training loss became NaN at epoch 2, step 4");
        })).isInstanceOf(TrainingBackend.TrainingDivergedException.class)
                .hasMessage("training loss became NaN at epoch 2, step 4 (learning rates tried: 0.01 down to 0.0025)");
        assertThat(tried).hasSize(1 + DivergenceRetry.RETRIES);
    }

    @Test
    void otherFailuresAreNotRetried() {
        List<TrainingPlan> tried = new ArrayList<>();

        assertThatThrownBy(() -> DivergenceRetry.train(PLAN, plan -> {
            tried.add(plan);
            throw new IllegalStateException("out of memory");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tried).hasSize(1);
    }
}
