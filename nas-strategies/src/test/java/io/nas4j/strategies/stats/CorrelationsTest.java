package io.nas4j.strategies.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CorrelationsTest {


    @Test
    void aMonotoneButCurvedRelationHasRankCorrelationOne() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 8, 27, 64, 125};

        assertThat(Correlations.spearman(x, y)).isCloseTo(1, within(1e-12));
        assertThat(Correlations.kendall(x, y)).isCloseTo(1, within(1e-12));
        assertThat(Correlations.pearson(x, y)).isLessThan(1);
    }

    @Test
    void tiesShareTheirMeanRankAndNegativeInfinityRanksLowest() {
        assertThat(Correlations.ranks(new double[] {3, Double.NEGATIVE_INFINITY, 3, 7})).containsExactly(2.5, 1, 2.5, 4);
    }

    @Test
    void spearmanMatchesTheTextbookExample() {
        // d = rank differences 1, -1, 1, -1, 0: rho = 1 - 6 * 4 / (5 * 24) = 0.8
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 1, 4, 3, 5};

        assertThat(Correlations.spearman(x, y)).isCloseTo(0.8, within(1e-12));
        assertThat(Correlations.kendall(x, y)).isCloseTo(0.6, within(1e-12));
    }


    @Test
    void identicalOrdersCorrelateFullyAndReversedOnesNegatively() {
        double[] a = {0.1, 0.5, 0.3, 0.9};
        double[] same = {1, 5, 3, 9};
        double[] reversed = {9, 5, 7, 1};

        assertThat(Correlations.spearman(a, same)).isCloseTo(1, within(1e-12));
        assertThat(Correlations.kendall(a, same)).isCloseTo(1, within(1e-12));
        assertThat(Correlations.spearman(a, reversed)).isCloseTo(-1, within(1e-12));
        assertThat(Correlations.kendall(a, reversed)).isCloseTo(-1, within(1e-12));
    }

    @Test
    void knownValuesWithOneSwapAndWithTies() {
        // one adjacent swap among 5: 9 of 10 pairs concordant, tau = 0.8; rho = 1 - 6*2/(5*24) = 0.9
        assertThat(Correlations.kendall(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5})).isCloseTo(0.8, within(1e-12));
        assertThat(Correlations.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5})).isCloseTo(0.9, within(1e-12));
        assertThat(Correlations.ranks(new double[] {0.5, 0.2, 0.5, 0.9})).containsExactly(2.5, 1, 2.5, 4);
        // tau-b with a tie in one sample: C = 5, D = 0, ties in a = 1 -> 5 / sqrt(6 * 5)
        assertThat(Correlations.kendall(new double[] {1, 1, 2, 3}, new double[] {1, 2, 3, 4}))
                .isCloseTo(5 / Math.sqrt(30), within(1e-12));
    }


    @Test
    void isOneForAnyIncreasingRelation() {
        assertThat(Correlations.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 300, 4000}))
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void isMinusOneForADecreasingRelation() {
        assertThat(Correlations.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}))
                .isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void matchesTheTextbookValueWithTies() {
        // ranks of x: 1, 2.5, 2.5, 4, 5; of y: 2, 1, 3, 5, 4 -> Pearson of the ranks
        double rho = Correlations.spearman(new double[] {1, 2, 2, 3, 4}, new double[] {2, 1, 3, 5, 4});

        assertThat(rho).isCloseTo(0.7181848464596079, within(1e-9));
        assertThat(Correlations.ranks(new double[] {1, 2, 2, 3, 4})).containsExactly(1, 2.5, 2.5, 4, 5);
    }

    @Test
    void aConstantSeriesHasNoCorrelation() {
        assertThat(Correlations.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isNaN();
    }
}
