package io.nas4j.core.estimate;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TrainingMemory;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryConstrainedEstimatorTest {

    private static final CellSpace SPACE = new CellSpace(4, 1);
    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 8, 8), 10);
    private static final CellGenome CELL = SPACE.parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|");
    private static final TrainingPlan ADAM = new TrainingPlan(1, 32, TrainingPlan.Optimizer.ADAM, 1e-3, 0.9, 0,
            TrainingPlan.Schedule.COSINE, 1.0, 1);

    private static double predicted(TrainingPlan plan, int slots) {
        return TrainingMemory.of(NetworkAnalysis.of(SPACE.decode(CELL, HEAD)), plan.batchSize(), slots).totalMegabytes();
    }

    private static Trial<CellGenome> trial() {
        return new Trial<>(1, CELL, Fidelity.FULL, 1);
    }

    @Test
    void aCandidateOverTheLimitFailsNamingItWithoutBeingEstimated() throws Exception {
        AtomicInteger estimated = new AtomicInteger();
        PerformanceEstimator<CellGenome> inner = trial -> {
            estimated.incrementAndGet();
            return TrialResult.complete(Map.of("accuracy", 0.9), 1);
        };

        TrialResult result = new MemoryConstrainedEstimator<>(inner, SPACE, HEAD, ADAM, 0.5).estimate(trial());

        assertThat(predicted(ADAM, 2)).isGreaterThan(0.5);
        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).matches("network needs a predicted \\d+\\.\\d{3} MB to train at batch 32, more than the limit of 0.5 MB");
        assertThat(estimated).hasValue(0);
    }

    @Test
    void aCandidateWithinTheLimitReportsItsMemoryAsAnObjectiveMetric() throws Exception {
        PerformanceEstimator<CellGenome> inner = trial -> TrialResult.complete(Map.of("accuracy", 0.9), 1);

        TrialResult result = new MemoryConstrainedEstimator<>(inner, SPACE, HEAD, ADAM, Double.POSITIVE_INFINITY)
                .estimate(trial());

        assertThat(result.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.metrics()).containsEntry("accuracy", 0.9).containsEntry("memory_mb", predicted(ADAM, 2));
    }

    @Test
    void theOptimiserDecidesTheStateCounted() {
        TrainingPlan momentum = new TrainingPlan(1, 32, TrainingPlan.Optimizer.SGD, 0.1, 0.9, 0,
                TrainingPlan.Schedule.COSINE, 1.0, 1);
        TrainingPlan plain = new TrainingPlan(1, 32, TrainingPlan.Optimizer.SGD, 0.1, 0, 0,
                TrainingPlan.Schedule.COSINE, 1.0, 1);

        assertThat(MemoryConstrainedEstimator.optimizerSlots(ADAM)).isEqualTo(2);
        assertThat(MemoryConstrainedEstimator.optimizerSlots(momentum)).isEqualTo(1);
        assertThat(MemoryConstrainedEstimator.optimizerSlots(plain)).isZero();
    }

    @Test
    void aFailureOfTheWrappedEstimatorIsKeptAsItIs() throws Exception {
        PerformanceEstimator<CellGenome> diverging = trial -> TrialResult.failed("training diverged: loss NaN");

        TrialResult result = new MemoryConstrainedEstimator<>(diverging, SPACE, HEAD, ADAM, 1000).estimate(trial());

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).isEqualTo("training diverged: loss NaN");
        assertThat(result.metrics()).doesNotContainKey("memory_mb");
    }
}
