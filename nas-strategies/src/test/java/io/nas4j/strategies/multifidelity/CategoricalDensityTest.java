package io.nas4j.strategies.multifidelity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CategoricalDensityTest {

    private static final int[] ARITIES = {5, 5, 5};

    @Test
    void isADistribution() {
        CategoricalDensity density = new CategoricalDensity(List.of(new int[] {0, 1, 2}, new int[] {0, 3, 4}), ARITIES);
        double total = 0;
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                for (int c = 0; c < 5; c++) {
                    total += Math.exp(density.logDensity(new int[] {a, b, c}));
                }
            }
        }
        assertThat(total).isCloseTo(1, within(1e-9));
    }

    @Test
    void concentratesOnADecisionThePointsAgreeOn() {
        CategoricalDensity density = new CategoricalDensity(List.of(new int[] {0, 1, 2}, new int[] {0, 3, 4},
                new int[] {0, 2, 1}, new int[] {0, 4, 0}), ARITIES);
        assertThat(density.logDensity(new int[] {0, 1, 1})).isGreaterThan(density.logDensity(new int[] {3, 1, 1}) + 1);
    }

    @Test
    void samplesStayNearThePointsUnlessWidened() {
        CategoricalDensity density = new CategoricalDensity(List.of(new int[] {2, 2, 2}, new int[] {2, 2, 2},
                new int[] {2, 2, 2}), ARITIES);
        SplittableRandom random = new SplittableRandom(1);
        int unchanged = 0;
        for (int i = 0; i < 1000; i++) {
            int[] sample = density.sample(random, 1);
            unchanged += sample[0] == 2 && sample[1] == 2 && sample[2] == 2 ? 1 : 0;
        }
        assertThat(unchanged).isGreaterThan(800);
    }
}
