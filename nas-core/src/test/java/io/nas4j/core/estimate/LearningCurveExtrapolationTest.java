package io.nas4j.core.estimate;

import io.nas4j.core.estimate.LearningCurveExtrapolation.Family;
import io.nas4j.core.estimate.LearningCurveExtrapolation.Fit;
import io.nas4j.core.estimate.LearningCurveExtrapolation.Prediction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LearningCurveExtrapolationTest {

    private final LearningCurveExtrapolation extrapolation = LearningCurveExtrapolation.forAccuracy();

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static double[] values(double[] x, DoubleUnaryOperator curve) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = curve.applyAsDouble(x[i]);
        }
        return y;
    }

    private static List<Double> curve(int n, DoubleUnaryOperator curve) {
        List<Double> points = new ArrayList<>();
        for (int epoch = 1; epoch <= n; epoch++) {
            points.add(curve.applyAsDouble(epoch));
        }
        return points;
    }

    @Test
    void aPowerLawFitRecoversItsParameters() {
        double[] x = epochs(15);
        Fit fit = extrapolation.fit(Family.POW3, x, values(x, e -> 0.92 - 0.6 * Math.pow(e, -0.8)));

        assertThat(fit.a()).isCloseTo(0.92, within(1e-4));
        assertThat(fit.b()).isCloseTo(0.6, within(1e-4));
        assertThat(fit.c()).isCloseTo(0.8, within(1e-3));
        assertThat(fit.sse()).isLessThan(1e-10);
    }

    @Test
    void anExponentialFitRecoversItsParameters() {
        double[] x = epochs(12);
        Fit fit = extrapolation.fit(Family.EXP3, x, values(x, e -> 0.97 - 0.5 * Math.exp(-0.35 * e)));

        assertThat(fit.a()).isCloseTo(0.97, within(1e-4));
        assertThat(fit.b()).isCloseTo(0.5, within(1e-4));
        assertThat(fit.c()).isCloseTo(0.35, within(1e-3));
    }

    @Test
    void theTwoParameterFamiliesAreSolvedExactly() {
        double[] x = epochs(6);
        Fit logLinear = extrapolation.fit(Family.LOG_LINEAR, x, values(x, e -> 0.4 + 0.1 * Math.log(e)));
        Fit inverseLog = extrapolation.fit(Family.INVERSE_LOG, x, values(x, e -> 0.9 - 0.3 / Math.log(e + 1)));

        assertThat(logLinear.a()).isCloseTo(0.4, within(1e-9));
        assertThat(logLinear.b()).isCloseTo(0.1, within(1e-9));
        assertThat(inverseLog.a()).isCloseTo(0.9, within(1e-9));
        assertThat(inverseLog.b()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aNoisyPowerLawIsPredictedWithinItsUncertainty() {
        SplittableRandom random = new SplittableRandom(7);
        DoubleUnaryOperator truth = e -> 0.93 - 0.45 * Math.pow(e, -0.7);
        List<Double> noisy = new ArrayList<>();
        for (int epoch = 1; epoch <= 8; epoch++) {
            noisy.add(truth.applyAsDouble(epoch) + 0.005 * (random.nextDouble() * 2 - 1));
        }

        Prediction prediction = extrapolation.predict(noisy, 40);

        assertThat(prediction.mean()).isCloseTo(truth.applyAsDouble(40), within(0.03));
        assertThat(prediction.upper()).isGreaterThanOrEqualTo(truth.applyAsDouble(40));
        assertThat(prediction.std()).isPositive();
        assertThat(prediction.fits().stream().mapToDouble(Fit::weight).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aFlatCurveIsPredictedFlatAndConfidently() {
        Prediction prediction = extrapolation.predict(List.of(0.31, 0.30, 0.32, 0.31), 10);

        assertThat(prediction.mean()).isCloseTo(0.31, within(0.03));
        assertThat(prediction.upper()).isLessThan(0.5);
    }

    @Test
    void predictionsStayWithinTheMetricsRange() {
        Prediction rising = extrapolation.predict(List.of(0.5, 0.8, 0.95, 0.99), 100);
        Prediction falling = extrapolation.predict(List.of(0.3, 0.1, 0.03, 0.01), 100);

        assertThat(rising.mean()).isBetween(0.9, 1.0);
        assertThat(rising.upper()).isBetween(rising.mean(), 1.0);
        assertThat(falling.mean()).isBetween(0.0, 0.1);
        assertThat(rising.fits()).allSatisfy(fit -> assertThat(fit.valueAt(100)).isFinite());
    }

    @Test
    void theSameCurveGivesTheSamePrediction() {
        List<Double> points = curve(5, e -> 0.9 - 0.5 * Math.exp(-0.4 * e) + 0.003 * Math.sin(7 * e));

        assertThat(extrapolation.predict(points, 25)).isEqualTo(extrapolation.predict(List.copyOf(points), 25));
    }

    @Test
    void aCurveNeedsTwoPointsAndATargetAtOrAfterItsEnd() {
        assertThatThrownBy(() -> extrapolation.predict(List.of(0.5), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 points");
        assertThatThrownBy(() -> extrapolation.predict(List.of(0.5, 0.6, 0.7), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target epoch");
        assertThatThrownBy(() -> extrapolation.predict(List.of(0.5, Double.NaN), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point 2");
    }
}
