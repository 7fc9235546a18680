package io.nas4j.strategies.bayesian;

import io.nas4j.core.objective.Hypervolume;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExpectedHypervolumeImprovementTest {

    private static List<double[]> randomPoints(SplittableRandom random, int count, int dimensions) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] point = new double[dimensions];
            for (int j = 0; j < dimensions; j++) {
                point[j] = random.nextDouble();
            }
            points.add(point);
        }
        return points;
    }

    private static double improvement(List<double[]> points, double[] reference, double[] candidate) {
        List<double[]> with = new ArrayList<>(points);
        with.add(candidate);
        return Hypervolume.of(with, reference) - Hypervolume.of(points, reference);
    }

    @Test
    void aCandidateKnownExactlyAddsWhatTheHypervolumeSays() {
        SplittableRandom random = new SplittableRandom(3);
        for (int dimensions = 1; dimensions <= 3; dimensions++) {
            double[] reference = new double[dimensions];
            java.util.Arrays.fill(reference, -0.1);
            List<double[]> points = randomPoints(random, 25, dimensions);
            ExpectedHypervolumeImprovement acquisition = ExpectedHypervolumeImprovement.over(points, reference);
            for (double[] candidate : randomPoints(random, 40, dimensions)) {
                for (int j = 0; j < dimensions; j++) {
                    candidate[j] = candidate[j] * 1.3 - 0.15;
                }
                assertThat(acquisition.value(candidate, new double[dimensions]))
                        .isCloseTo(improvement(points, reference, candidate), within(1e-6));
            }
        }
    }

    @Test
    void anUncertainCandidateIsWorthTheMeanImprovementOfItsDraws() {
        SplittableRandom random = new SplittableRandom(5);
        for (int dimensions = 2; dimensions <= 3; dimensions++) {
            double[] reference = new double[dimensions];
            List<double[]> points = randomPoints(random, 8, dimensions);
            ExpectedHypervolumeImprovement acquisition = ExpectedHypervolumeImprovement.over(points, reference);
            double[] means = new double[dimensions];
            double[] deviations = new double[dimensions];
            for (int j = 0; j < dimensions; j++) {
                means[j] = 0.6 + 0.2 * random.nextDouble();
                deviations[j] = 0.05 + 0.2 * random.nextDouble();
            }
            int draws = 40_000;
            double total = 0;
            for (int draw = 0; draw < draws; draw++) {
                double[] sample = new double[dimensions];
                for (int j = 0; j < dimensions; j++) {
                    sample[j] = means[j] + deviations[j] * random.nextGaussian();
                }
                total += improvement(points, reference, sample);
            }
            double expected = acquisition.value(means, deviations);
            assertThat(expected).isPositive().isCloseTo(total / draws, within(0.03 * expected));
        }
    }

    @Test
    void withOneObjectiveItIsTheExpectedImprovementOverTheBestPoint() {
        ExpectedHypervolumeImprovement acquisition = ExpectedHypervolumeImprovement.over(
                List.of(new double[] {0.2}, new double[] {0.7}, new double[] {0.5}), new double[] {0});
        assertThat(acquisition.value(new double[] {0.6}, new double[] {0.3}))
                .isCloseTo(new ExpectedImprovement().value(0.6, 0.3, 0.7), within(1e-12));
    }

    @Test
    void pointsBelowTheReferenceDominateNothing() {
        double[] reference = {0, 0};
        ExpectedHypervolumeImprovement empty = ExpectedHypervolumeImprovement.over(List.of(), reference);
        ExpectedHypervolumeImprovement below = ExpectedHypervolumeImprovement.over(
                List.of(new double[] {-1, 5}, new double[] {5, 0}), reference);
        double[] means = {0.5, 0.5};
        double[] deviations = {0.1, 0.2};
        assertThat(below.value(means, deviations)).isEqualTo(empty.value(means, deviations));
        assertThat(empty.value(new double[] {0.5, 0.5}, new double[2])).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void aCandidateSurelyDominatedAddsNothing() {
        ExpectedHypervolumeImprovement acquisition = ExpectedHypervolumeImprovement.over(
                List.of(new double[] {1, 1}), new double[] {0, 0});
        assertThat(acquisition.value(new double[] {0.5, 0.5}, new double[2])).isZero();
        assertThat(acquisition.value(new double[] {0.5, 0.5}, new double[] {1e-3, 1e-3})).isCloseTo(0, within(1e-12));
    }

    @Test
    void rejectsMeansOfAnotherLength() {
        ExpectedHypervolumeImprovement acquisition = ExpectedHypervolumeImprovement.over(List.of(), new double[] {0, 0});
        assertThatThrownBy(() -> acquisition.value(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 means");
    }
}
