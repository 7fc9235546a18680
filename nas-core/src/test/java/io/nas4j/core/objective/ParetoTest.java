package io.nas4j.core.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Dominance, non-dominated sorting and crowding distance, larger being better. */
class ParetoTest {

    @Test
    void aPointAtLeastAsGoodEverywhereAndBetterSomewhereDominates() {
        assertThat(Pareto.dominates(new double[] {2, 3}, new double[] {2, 1})).isTrue();
    }

    @Test
    void equalPointsDoNotDominateEachOther() {
        assertThat(Pareto.dominates(new double[] {2, 3}, new double[] {2, 3})).isFalse();
    }

    @Test
    void aTradeOffIsNotDominanceEitherWay() {
        double[] accurate = {0.9, -5e6};
        double[] small = {0.8, -1e6};

        assertThat(Pareto.dominates(accurate, small)).isFalse();
        assertThat(Pareto.dominates(small, accurate)).isFalse();
    }

    @Test
    void vectorsOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> Pareto.dominates(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sortPutsEachPointInTheFrontAfterEveryPointDominatingIt() {
        List<double[]> points = List.of(
                new double[] {1, 1},   // 0: dominated by all others, including 4
                new double[] {3, 1},   // 1: dominated by 3 only
                new double[] {2, 2},   // 2: dominated by 3 only
                new double[] {3, 3},   // 3: first front
                new double[] {1, 2},   // 4: dominated by 2, which is in the second front
                new double[] {1, 4});  // 5: first front

        assertThat(Pareto.sort(points)).containsExactly(List.of(3, 5), List.of(1, 2), List.of(4), List.of(0));
    }

    @Test
    void frontIsTheNonDominatedIndices() {
        List<double[]> points = List.of(new double[] {1, 1}, new double[] {0, 2}, new double[] {2, 0});

        assertThat(Pareto.front(points)).containsExactly(0, 1, 2);
    }

    @Test
    void sortOfNoPointsHasNoFronts() {
        assertThat(Pareto.sort(List.of())).isEmpty();
        assertThat(Pareto.front(List.of())).isEmpty();
    }

    @Test
    void crowdingDistanceIsInfiniteAtTheBoundariesOfEachObjective() {
        List<double[]> points = List.of(
                new double[] {0, 4}, new double[] {1, 3}, new double[] {3, 1}, new double[] {4, 0});

        double[] distance = Pareto.crowdingDistance(points, List.of(0, 1, 2, 3));

        assertThat(distance[0]).isInfinite();
        assertThat(distance[3]).isInfinite();
        assertThat(distance[1]).isFinite();
        assertThat(distance[2]).isFinite();
    }

    @Test
    void crowdingDistanceOfAnInnerPointSumsItsNormalisedNeighbourGaps() {
        List<double[]> points = List.of(
                new double[] {0, 4}, new double[] {1, 3}, new double[] {3, 1}, new double[] {4, 0});

        double[] distance = Pareto.crowdingDistance(points, List.of(0, 1, 2, 3));

        // point 1: neighbours 0 and 2 span (3 - 0) / 4 in the first objective and (4 - 1) / 4 in the second
        assertThat(distance[1]).isEqualTo(1.5);
        assertThat(distance[2]).isEqualTo(1.5);
    }
}
