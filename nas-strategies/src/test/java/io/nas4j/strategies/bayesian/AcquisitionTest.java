package io.nas4j.strategies.bayesian;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AcquisitionTest {

    private final Acquisition expectedImprovement = new ExpectedImprovement();

    @Test
    void expectedImprovementIsZeroFarBelowTheIncumbent() {
        assertThat(expectedImprovement.value(-10, 0.5, 0)).isCloseTo(0, within(1e-12));
        assertThat(expectedImprovement.value(-10, 0, 0)).isZero();
    }

    @Test
    void expectedImprovementIsPositiveAndAtLeastTheGainWhereTheMeanIsAboveTheIncumbent() {
        assertThat(expectedImprovement.value(1, 0.5, 0)).isGreaterThanOrEqualTo(1);
        assertThat(expectedImprovement.value(0.2, 1e-9, 0)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void expectedImprovementMatchesTheClosedFormAtTheIncumbent() {
        // with the mean at the incumbent, E[max(f - m, 0)] = deviation / sqrt(2 pi)
        assertThat(expectedImprovement.value(3, 2, 3)).isCloseTo(2 / Math.sqrt(2 * Math.PI), within(1e-6));
    }

    @Test
    void expectedImprovementGrowsWithUncertaintyAtAnEqualMean() {
        assertThat(expectedImprovement.value(-1, 2, 0)).isGreaterThan(expectedImprovement.value(-1, 1, 0));
    }

    @Test
    void upperConfidenceBoundAddsKappaDeviations() {
        assertThat(new UpperConfidenceBound(2).value(1, 0.5, 100)).isEqualTo(2);
    }

    @Test
    void upperConfidenceBoundRejectsANegativeKappaNamingTheSetting() {
        assertThatThrownBy(() -> new UpperConfidenceBound(-1)).hasMessageContaining("kappa");
    }
}
