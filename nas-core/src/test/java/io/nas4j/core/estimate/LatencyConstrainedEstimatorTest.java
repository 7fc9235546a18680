package io.nas4j.core.estimate;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.latency.LatencyTable;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.nas4j.core.latency.LatencyPredictor.signatures;
import static io.nas4j.core.latency.OpSignature.networkKey;
import static org.assertj.core.api.Assertions.assertThat;

class LatencyConstrainedEstimatorTest {

    private static final CellSpace SPACE = new CellSpace(4, 1);
    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 8, 8), 10);
    private static final CellGenome CELL = SPACE.parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|");

    /** Every signature of the cell's network at 0.1 ms and the network cost at 1 ms. */
    private static LatencyPredictor predictor() {
        NetworkSpec spec = SPACE.decode(CELL, HEAD);
        LatencyTable table = new LatencyTable("test");
        table.put(networkKey(spec.input()), 1.0);
        signatures(spec, NetworkAnalysis.of(spec).shapes()).forEach(signature -> table.put(signature.key(), 0.1));
        return new LatencyPredictor(table);
    }

    private static double predicted() {
        NetworkSpec spec = SPACE.decode(CELL, HEAD);
        return 1.0 + 0.1 * signatures(spec, NetworkAnalysis.of(spec).shapes()).size();
    }

    private static Trial<CellGenome> trial() {
        return new Trial<>(1, CELL, Fidelity.FULL, 1);
    }

    @Test
    void aCandidatePredictedSlowerThanTheLimitFailsNamingTheLimitWithoutBeingEstimated() throws Exception {
        AtomicInteger estimated = new AtomicInteger();
        PerformanceEstimator<CellGenome> inner = trial -> {
            estimated.incrementAndGet();
            return TrialResult.complete(Map.of("accuracy", 0.9), 1);
        };

        TrialResult result = new LatencyConstrainedEstimator<>(inner, SPACE, HEAD, predictor(), 2.5).estimate(trial());

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).matches("network has a predicted latency of \\d+\\.\\d{4} ms per example, more than the limit of 2.5 ms");
        assertThat(estimated).hasValue(0);
    }

    @Test
    void aCandidateWithinTheLimitReportsItsPredictedLatencyAsAnObjectiveMetric() throws Exception {
        PerformanceEstimator<CellGenome> inner = trial -> TrialResult.complete(Map.of("accuracy", 0.9), 1);

        TrialResult result = new LatencyConstrainedEstimator<>(inner, SPACE, HEAD, predictor(), 100).estimate(trial());

        assertThat(result.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.metrics()).containsEntry("accuracy", 0.9);
        assertThat(result.metrics().get("predicted_latency_ms")).isCloseTo(predicted(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(result.metrics().get("latency_ms")).isEqualTo(result.metrics().get("predicted_latency_ms"));
    }

    @Test
    void aMeasuredLatencyIsKeptAndCheckedAgainstTheLimit() throws Exception {
        PerformanceEstimator<CellGenome> measuring = trial -> TrialResult.complete(Map.of("accuracy", 0.9, "latency_ms", 50.0), 1);

        TrialResult result = new LatencyConstrainedEstimator<>(measuring, SPACE, HEAD, predictor(), 20).estimate(trial());

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).isEqualTo("network has a measured latency of 50.0000 ms per example, more than the limit of 20 ms");
    }

    @Test
    void withoutALimitTheLatencyIsOnlyReported() throws Exception {
        PerformanceEstimator<CellGenome> inner = trial -> TrialResult.complete(Map.of("accuracy", 0.5), 1);

        TrialResult result = new LatencyConstrainedEstimator<>(inner, SPACE, HEAD, predictor(), Double.POSITIVE_INFINITY)
                .estimate(trial());

        assertThat(result.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.metrics()).containsKeys("latency_ms", "predicted_latency_ms");
    }
}
