package io.nas4j.core.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact hypervolume, larger being better, against hand results and inclusion–exclusion. */
class HypervolumeTest {

    private static final double EXACT = 1e-9;

    @Test
    void staircaseOfThreePointsIn2dIsTheSumOfItsSteps() {
        List<double[]> points = List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1});

        // columns of height 3, 2 and 1
        assertThat(Hypervolume.of(points, new double[] {0, 0})).isEqualTo(6, within(EXACT));
    }

    @Test
    void referencePointShiftsTheBoxes() {
        List<double[]> points = List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1});

        // a staircase of columns 0.5, 1 and 1 wide and 2.5, 1.5 and 0.5 high
        assertThat(Hypervolume.of(points, new double[] {0.5, 0.5})).isEqualTo(1.25 + 1.5 + 0.5, within(EXACT));
    }

    @Test
    void twoOverlappingBoxesIn3dCountTheirOverlapOnce() {
        List<double[]> points = List.of(new double[] {2, 2, 1}, new double[] {1, 1, 3});

        // 2*2*1 + 1*1*3 - overlap 1*1*1
        assertThat(Hypervolume.of(points, new double[] {0, 0, 0})).isEqualTo(6, within(EXACT));
    }

    @Test
    void threeAxisAlignedPointsIn3d() {
        List<double[]> points = List.of(
                new double[] {3, 1, 1}, new double[] {1, 3, 1}, new double[] {1, 1, 3});

        // three 3x1x1 bars sharing the unit cube: 3 * 3 - 3 * 1 + 1
        assertThat(Hypervolume.of(points, new double[] {0, 0, 0})).isEqualTo(7, within(EXACT));
    }

    @Test
    void aSinglePointSpansTheProductOfItsGainsOverTheReference() {
        double volume = Hypervolume.of(List.<double[]>of(new double[] {3, 5, 2, 4}), new double[] {1, 1, 1, 1});

        assertThat(volume).isEqualTo(2 * 4 * 1 * 3, within(EXACT));
    }

    @Test
    void dominatedAndDuplicatePointsAddNothing() {
        List<double[]> front = List.of(new double[] {1, 3, 2}, new double[] {3, 1, 2});
        List<double[]> withExtras = List.of(
                new double[] {1, 3, 2}, new double[] {3, 1, 2}, new double[] {1, 1, 1}, new double[] {1, 3, 2});
        double[] reference = {0, 0, 0};

        assertThat(Hypervolume.of(withExtras, reference)).isEqualTo(Hypervolume.of(front, reference), within(EXACT));
    }

    @Test
    void pointsNotBeyondTheReferenceEverywhereAddNothing() {
        List<double[]> points = List.of(
                new double[] {2, 2}, new double[] {5, 0}, new double[] {-1, 9}, new double[] {Double.NaN, 9});

        assertThat(Hypervolume.of(points, new double[] {0, 0})).isEqualTo(4, within(EXACT));
    }

    @Test
    void noPointsHaveNoVolume() {
        assertThat(Hypervolume.of(List.of(), new double[] {0, 0, 0})).isZero();
    }

    @Test
    void oneObjectiveIsTheBestGain() {
        List<double[]> points = List.of(new double[] {2}, new double[] {5}, new double[] {3});

        assertThat(Hypervolume.of(points, new double[] {1})).isEqualTo(4, within(EXACT));
    }

    @Test
    void pointsOfTheWrongLengthAreRejected() {
        assertThatThrownBy(() -> Hypervolume.of(List.<double[]>of(new double[] {1, 2}), new double[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReferenceThatIsNotFiniteIsRejected() {
        assertThatThrownBy(() -> Hypervolume.of(List.of(), new double[] {0, Double.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomPointsAgreeWithInclusionExclusionIn2dTo5d() {
        Random random = new Random(20240611L);
        for (int dimensions = 2; dimensions <= 5; dimensions++) {
            for (int round = 0; round < 20; round++) {
                int count = 1 + random.nextInt(10);
                double[] reference = new double[dimensions];
                for (int i = 0; i < dimensions; i++) {
                    reference[i] = random.nextDouble() - 0.5;
                }
                List<double[]> points = new ArrayList<>();
                for (int p = 0; p < count; p++) {
                    double[] point = new double[dimensions];
                    for (int i = 0; i < dimensions; i++) {
                        point[i] = random.nextDouble() * 2 - 0.5; // some points fall below the reference
                    }
                    points.add(point);
                }

                assertThat(Hypervolume.of(points, reference))
                        .as("%d points in %d dimensions", count, dimensions)
                        .isEqualTo(inclusionExclusion(points, reference), within(EXACT));
            }
        }
    }

    @Test
    void contributionOfAStepIsTheAreaOnlyItCovers() {
        List<double[]> points = List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1});

        // (2,2) alone covers [1,2] x [1,2]
        assertThat(Hypervolume.contribution(points, new double[] {0, 0}, 1)).isEqualTo(1, within(EXACT));
    }

    @Test
    void contributionOfADominatedPointIsZero() {
        List<double[]> points = List.of(new double[] {2, 2, 2}, new double[] {1, 2, 1});

        assertThat(Hypervolume.contribution(points, new double[] {0, 0, 0}, 1)).isZero();
    }

    /**
     * The union of boxes {@code [r, p]} by inclusion–exclusion: the intersection of a set of boxes is the
     * box up to their component-wise minimum. Exponential, so only for a handful of points.
     */
    private static double inclusionExclusion(List<double[]> points, double[] reference) {
        int count = points.size();
        double volume = 0;
        for (int subset = 1; subset < 1 << count; subset++) {
            double box = 1;
            for (int i = 0; i < reference.length; i++) {
                double corner = Double.POSITIVE_INFINITY;
                for (int p = 0; p < count; p++) {
                    if ((subset & 1 << p) != 0) {
                        corner = Math.min(corner, points.get(p)[i]);
                    }
                }
                box *= Math.max(0, corner - reference[i]);
            }
            volume += Integer.bitCount(subset) % 2 == 1 ? box : -box;
        }
        return volume;
    }
}
