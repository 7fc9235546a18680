package io.nas4j.strategies.oneshot;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Shape;
import io.nas4j.core.supernet.CellSupernet;
import io.nas4j.core.supernet.SupernetSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DerivationTest {

    // options: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3
    private static final SupernetSpec CELL = CellSupernet.of(new ClassificationHead(Shape.of(1, 8, 8), 10), 8, 1);

    @Test
    void picksTheLargestWeightAtEveryPoint() {
        double[][] alphas = {
                {0.0, 0.1, 0.5, 0.2, 0.3},
                {0.0, 0.1, 0.2, 0.9, 0.3},
                {0.0, 0.1, 0.2, 0.3, 0.4},
                {0.0, 0.1, 0.8, 0.3, 0.4},
                {0.0, 0.1, 0.2, 0.3, 0.7},
                {0.0, 0.1, 0.2, 0.6, 0.4}};

        assertThat(Derivation.derive(CELL, alphas, -1)).containsExactly(2, 3, 4, 2, 4, 3);
    }

    @Test
    void neverPicksTheZeroOpEvenWhenItsWeightIsLargest() {
        double[][] alphas = new double[6][];
        for (int point = 0; point < 6; point++) {
            alphas[point] = new double[] {5.0, 0.1, 0.2, 0.3, 0.4};
        }

        assertThat(Derivation.derive(CELL, alphas, -1)).containsOnly(4);
    }

    @Test
    void theCollapseGuardKeepsOnlyTheStrongestSkipConnections() {
        double[][] alphas = new double[6][];
        for (int point = 0; point < 6; point++) {
            // every point prefers the skip connection, more so at later points; conv 3x3 is second everywhere
            alphas[point] = new double[] {0.0, 1.0 + point, 0.2, 0.5, 0.1};
        }

        int[] unguarded = Derivation.derive(CELL, alphas, -1);
        int[] guarded = Derivation.derive(CELL, alphas, 2);

        assertThat(unguarded).containsOnly(1);
        assertThat(Derivation.skips(CELL, unguarded)).isEqualTo(6);
        assertThat(guarded).containsExactly(3, 3, 3, 3, 1, 1);
        assertThat(Derivation.skips(CELL, guarded)).isEqualTo(2);
    }

    @Test
    void theParameterFreeGuardKeepsOnlyTheSurestPoolingAndSkipPicks() {
        double[][] alphas = new double[6][];
        for (int point = 0; point < 6; point++) {
            // every point prefers average pooling, more so at later points; the skip beats conv 3x3 at every
            // point, yet a replaced pick must have weights: conv 3x3 at even points, conv 1x1 at odd ones
            alphas[point] = new double[] {0.0, 0.3, 0.2 + (point % 2) * 0.2, 0.25, 1.0 + point};
        }

        int[] unguarded = Derivation.derive(CELL, alphas, -1, -1);
        int[] guarded = Derivation.derive(CELL, alphas, 2, 3);

        assertThat(unguarded).containsOnly(4);
        assertThat(Derivation.parameterFree(CELL, unguarded)).isEqualTo(6);
        assertThat(guarded).containsExactly(3, 2, 3, 4, 4, 4);
        assertThat(Derivation.parameterFree(CELL, guarded)).isEqualTo(3);
        assertThat(Derivation.derive(CELL, alphas, 2)).as("without the second guard").containsOnly(4);
    }

    @Test
    void skipsAndPoolingAreParameterFreeConvolutionsAreNot() {
        var candidates = CELL.choiceNodes().get(0).candidates();

        assertThat(candidates).extracting(candidate -> candidate.name() + "=" + candidate.isParameterFree())
                .containsExactly("none=true", "skip_connect=true", "nor_conv_1x1=false", "nor_conv_3x3=false",
                        "avg_pool_3x3=true");
    }

    @Test
    void softmaxSumsToOne() {
        double[] probabilities = Derivation.softmax(new double[] {1, 2, 3});

        assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(probabilities[2]).isGreaterThan(probabilities[1]);
    }
}
