package io.nas4j.core.estimate;

import io.nas4j.core.trial.Incumbent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class CurveStoppingTest {

    private final CurveStopping stopping = CurveStopping.forAccuracy();

    private static Incumbent incumbent(double value) {
        return new Incumbent("accuracy", value, 4);
    }

    private static List<Double> curve(int epochs, DoubleUnaryOperator shape, double noise, SplittableRandom random) {
        List<Double> points = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double value = shape.applyAsDouble(epoch) + noise * (random.nextDouble() * 2 - 1);
            points.add(Math.max(0, Math.min(1, value)));
        }
        return points;
    }

    @Test
    void aClearlyHopelessCurveStopsAtTheFirstDecision() {
        CurveStopping.Monitor monitor = stopping.monitor(incumbent(0.95), 20);

        assertThat(monitor.epochFinished(1, 2.1, 0.30)).isTrue();
        assertThat(monitor.epochFinished(2, 2.0, 0.31)).isTrue();
        assertThat(monitor.epochFinished(3, 1.9, 0.30)).isFalse();

        CurveStopping.Decision decision = monitor.decision().orElseThrow();
        assertThat(decision.epoch()).isEqualTo(3);
        assertThat(decision.predictedUpper()).isLessThan(0.95);
        assertThat(decision.reason()).startsWith("stopped after 3 of 20 epochs: the learning curve extrapolates to accuracy")
                .contains("below the incumbent's 0.9500 (trial 4)");
    }

    @Test
    void noDecisionBeforeTheMinimumEpochsOrAtTheLastEpoch() {
        assertThat(stopping.decide(List.of(0.1, 0.1), 20, incumbent(0.99))).isEmpty();
        assertThat(stopping.decide(List.of(0.1, 0.1, 0.1, 0.1), 4, incumbent(0.99))).isEmpty();
        assertThat(stopping.decide(List.of(0.1, 0.1, 0.1, 0.1), 5, incumbent(0.99))).isPresent();
    }

    @Test
    void aCurveThatHasReachedTheIncumbentIsNeverStopped() {
        assertThat(stopping.decide(List.of(0.5, 0.96, 0.6, 0.6, 0.6), 20, incumbent(0.95))).isEmpty();
    }

    @Test
    void curvesThatEndAboveTheIncumbentAreNeverStopped() {
        // power-law and exponential curves, fast and slow, with noise, each ending just above the incumbent
        SplittableRandom random = new SplittableRandom(42);
        int stopped = 0;
        for (int i = 0; i < 300; i++) {
            double asymptote = 0.6 + 0.39 * random.nextDouble();
            double drop = 0.1 + 0.6 * random.nextDouble();
            double rate = 0.2 + 1.3 * random.nextDouble();
            int target = 6 + random.nextInt(25);
            DoubleUnaryOperator shape = random.nextBoolean()
                    ? e -> asymptote - drop * Math.pow(e, -rate)
                    : e -> asymptote - drop * Math.exp(-rate * 0.5 * e);
            List<Double> points = curve(target, shape, 0.01, random);
            double incumbent = points.get(target - 1) - 0.002;
            if (incumbent <= 0) {
                continue;
            }
            for (int epoch = stopping.minEpochs(); epoch < target; epoch++) {
                if (stopping.decide(points.subList(0, epoch), target, incumbent(incumbent)).isPresent()) {
                    stopped++;
                    break;
                }
            }
        }
        assertThat(stopped).isZero();
    }

    @Test
    void theSameCurveGetsTheSameDecision() {
        List<Double> points = List.of(0.42, 0.51, 0.55, 0.56, 0.57);

        assertThat(stopping.decide(points, 30, incumbent(0.9))).isEqualTo(stopping.decide(points, 30, incumbent(0.9)));
        assertThat(stopping.decide(points, 30, incumbent(0.9))).isPresent();
    }
}
