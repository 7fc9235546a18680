package io.nas4j.backend.tck;

import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.Latency;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Latency of one example: a positive, finite median, a 90th percentile at or above it, and a median that
 * is sane for a network of a few thousand multiply-adds (well under a second). Figures are printed, not
 * asserted tightly: machines differ.
 *
 * <p>Extend it once per backend with {@link #backend()}.
 */
public abstract class LatencyConformance {

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    @Test
    void latencyHasAPositiveMedianAndAP90AboveIt() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            Latency latency = backend().measureLatency(model, 5, 30);

            System.out.printf("%s: batch-1 latency of the small CNN: median %.3f ms, p90 %.3f ms%n", backend().name(),
                    latency.medianMs(), latency.p90Ms());
            assertThat(latency.medianMs()).isPositive().isFinite().isLessThan(1000);
            assertThat(latency.p90Ms()).isGreaterThanOrEqualTo(latency.medianMs()).isFinite();
        }
    }

    @Test
    void oneRunIsEnough() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            Latency latency = backend().measureLatency(model, 0, 1);

            assertThat(latency.medianMs()).isPositive();
            assertThat(latency.p90Ms()).isEqualTo(latency.medianMs());
        }
    }

    @Test
    void runsMustBePositive() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            assertThatThrownBy(() -> backend().measureLatency(model, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> backend().measureLatency(model, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
