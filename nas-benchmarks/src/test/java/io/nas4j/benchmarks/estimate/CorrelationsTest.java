package io.nas4j.benchmarks.estimate;

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
}
