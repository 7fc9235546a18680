package io.nas4j.backend.support;

import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyMeterTest {

    @Test
    void warmUpRunsAreNotCounted() {
        Iterator<Long> nanos = List.of(100_000_000L, 90_000_000L, 3_000_000L, 1_000_000L, 2_000_000L).iterator();

        TrainingBackend.Latency latency = LatencyMeter.measure(2, 3, nanos::next);

        assertThat(latency.medianMs()).isEqualTo(2.0);
        assertThat(latency.p90Ms()).isEqualTo(3.0);
        assertThat(nanos).isExhausted();
    }

    @Test
    void anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwo() {
        TrainingBackend.Latency latency = LatencyMeter.summarise(new double[] {4, 1, 3, 2});

        assertThat(latency.medianMs()).isEqualTo(2.5);
        assertThat(latency.p90Ms()).isEqualTo(4.0);
    }

    @Test
    void theNinetiethPercentileIsTheNearestRank() {
        double[] milliseconds = new double[20];
        for (int index = 0; index < milliseconds.length; index++) {
            milliseconds[index] = 20 - index;
        }

        assertThat(LatencyMeter.summarise(milliseconds).p90Ms()).isEqualTo(18.0);
    }

    @Test
    void oneRunIsItsOwnMedianAndPercentile() {
        TrainingBackend.Latency latency = LatencyMeter.measure(0, 1, () -> 5_000_000L);

        assertThat(latency).isEqualTo(new TrainingBackend.Latency(5.0, 5.0));
    }

    @Test
    void negativeWarmUpOrNoRunsAreRejected() {
        assertThatThrownBy(() -> LatencyMeter.measure(-1, 3, () -> 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency needs warmup >= 0 and runs >= 1, got -1 and 3");
        assertThatThrownBy(() -> LatencyMeter.measure(0, 0, () -> 0L))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
