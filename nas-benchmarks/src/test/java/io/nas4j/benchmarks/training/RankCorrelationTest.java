package io.nas4j.benchmarks.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankCorrelationTest {

    @Test
    void identicalOrdersCorrelateFullyAndReversedOnesNegatively() {
        double[] a = {0.1, 0.5, 0.3, 0.9};
        double[] same = {1, 5, 3, 9};
        double[] reversed = {9, 5, 7, 1};

        assertThat(RankCorrelation.spearman(a, same)).isCloseTo(1, within(1e-12));
        assertThat(RankCorrelation.kendall(a, same)).isCloseTo(1, within(1e-12));
        assertThat(RankCorrelation.spearman(a, reversed)).isCloseTo(-1, within(1e-12));
        assertThat(RankCorrelation.kendall(a, reversed)).isCloseTo(-1, within(1e-12));
    }

    @Test
    void knownValuesWithOneSwapAndWithTies() {
        // one adjacent swap among 5: 9 of 10 pairs concordant, tau = 0.8; rho = 1 - 6*2/(5*24) = 0.9
        assertThat(RankCorrelation.kendall(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5})).isCloseTo(0.8, within(1e-12));
        assertThat(RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5})).isCloseTo(0.9, within(1e-12));
        assertThat(RankCorrelation.ranks(new double[] {0.5, 0.2, 0.5, 0.9})).containsExactly(2.5, 1, 2.5, 4);
        // tau-b with a tie in one sample: C = 5, D = 0, ties in a = 1 -> 5 / sqrt(6 * 5)
        assertThat(RankCorrelation.kendall(new double[] {1, 1, 2, 3}, new double[] {1, 2, 3, 4}))
                .isCloseTo(5 / Math.sqrt(30), within(1e-12));
    }
}
