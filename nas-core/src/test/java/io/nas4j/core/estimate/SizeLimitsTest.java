package io.nas4j.core.estimate;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The size checks both the training and the zero-cost estimator make before spending anything on a candidate. */
class SizeLimitsTest {

    private final CellSpace space = new CellSpace(8, 1);
    private final NetworkAnalysis network = NetworkAnalysis.of(space.decode(space.sample(new SplittableRandom(3)),
            new ClassificationHead(Shape.of(1, 8, 8), 10)));

    @Test
    void aNetworkWithinBothLimitsPasses() {
        assertThat(SizeLimits.failure(network, network.parameters(), network.macs())).isEmpty();
    }

    @Test
    void oneParameterTooManyFailsNamingTheCountAndTheLimit() {
        TrialResult failed = SizeLimits.failure(network, network.parameters() - 1, Long.MAX_VALUE).orElseThrow();

        assertThat(failed.state()).isEqualTo(TrialState.FAILED);
        assertThat(failed.reason()).isEqualTo("network has " + network.parameters()
                + " parameters, more than the limit of " + (network.parameters() - 1));
    }

    @Test
    void oneMultiplyAddTooManyFailsNamingTheCountAndTheLimit() {
        TrialResult failed = SizeLimits.failure(network, Long.MAX_VALUE, network.macs() - 1).orElseThrow();

        assertThat(failed.reason()).isEqualTo("network has " + network.macs()
                + " multiply-adds per example, more than the limit of " + (network.macs() - 1));
    }
}
