package io.nas4j.strategies.oneshot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class RankCorrelationTest {

    @Test
    void isOneForAnyIncreasingRelation() {
        assertThat(RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 300, 4000}))
                .isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void isMinusOneForADecreasingRelation() {
        assertThat(RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}))
                .isCloseTo(-1.0, offset(1e-12));
    }

    @Test
    void matchesTheTextbookValueWithTies() {
        // ranks of x: 1, 2.5, 2.5, 4, 5; of y: 2, 1, 3, 5, 4 -> Pearson of the ranks
        double rho = RankCorrelation.spearman(new double[] {1, 2, 2, 3, 4}, new double[] {2, 1, 3, 5, 4});

        assertThat(rho).isCloseTo(0.7181848464596079, offset(1e-9));
        assertThat(RankCorrelation.ranks(new double[] {1, 2, 2, 3, 4})).containsExactly(1, 2.5, 2.5, 4, 5);
    }
}
