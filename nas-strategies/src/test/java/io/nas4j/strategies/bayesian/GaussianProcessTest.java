package io.nas4j.strategies.bayesian;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GaussianProcessTest {

    private static final double[][] INPUTS = {{0, 0}, {1, 0}, {0, 1}, {2, 2}, {3, 1}, {1, 3}};

    private static double function(double[] x) {
        return Math.sin(x[0]) + 0.5 * x[1] * x[1] - x[0] * x[1] / 3;
    }

    private static double[] targets() {
        double[] targets = new double[INPUTS.length];
        for (int i = 0; i < INPUTS.length; i++) {
            targets[i] = function(INPUTS[i]);
        }
        return targets;
    }

    private static GaussianProcess noiseless(Kernel kernel) {
        return GaussianProcess.fit(INPUTS, targets(), kernel, new Hyperparameters(1.5, 1e-10, 1));
    }

    @Test
    void posteriorMeanInterpolatesNoiselessTrainingPoints() {
        GaussianProcess model = noiseless(Kernel.MATERN52);
        for (int i = 0; i < INPUTS.length; i++) {
            assertThat(model.predict(INPUTS[i]).mean()).isCloseTo(targets()[i], within(1e-5));
        }
    }

    @Test
    void posteriorVarianceIsNearZeroAtTrainingPointsAndLargerBetweenThem() {
        GaussianProcess model = noiseless(Kernel.RBF);
        for (double[] input : INPUTS) {
            assertThat(model.predict(input).variance()).isCloseTo(0, within(1e-6));
        }
        assertThat(model.predict(new double[] {1.5, 1.5}).variance()).isGreaterThan(1e-3);
    }

    @Test
    void farFromTheDataThePosteriorReturnsToThePrior() {
        GaussianProcess model = noiseless(Kernel.MATERN52);
        GaussianProcess.Prediction far = model.predict(new double[] {100, 100});
        assertThat(far.mean()).isCloseTo(0, within(1e-9));
        assertThat(far.variance()).isCloseTo(1, within(1e-9));
    }

    @Test
    void maximumLikelihoodPrefersLittleNoiseForNoiselessDataAndMoreForNoisyData() {
        double[][] inputs = new double[30][];
        double[] clean = new double[30];
        double[] noisy = new double[30];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new double[] {random.nextDouble() * 4, random.nextDouble() * 4};
            clean[i] = function(inputs[i]);
            noisy[i] = clean[i] + random.nextGaussian() * 1.5;
        }
        double[] lengthScales = {0.5, 1, 2, 4};
        double[] noises = {1e-6, 1e-2, 1e-1, 1};
        Hyperparameters forClean = GaussianProcess.maximumLikelihood(inputs, Standardisation.of(clean).apply(clean),
                Kernel.MATERN52, lengthScales, noises);
        Hyperparameters forNoisy = GaussianProcess.maximumLikelihood(inputs, Standardisation.of(noisy).apply(noisy),
                Kernel.MATERN52, lengthScales, noises);
        assertThat(forClean.noise()).isLessThan(forNoisy.noise());
        assertThat(forClean.noise()).isLessThanOrEqualTo(1e-2);
    }

    @Test
    void duplicateInputsWithoutNoiseStillFactorise() {
        double[][] inputs = {{0, 1}, {0, 1}, {1, 0}};
        GaussianProcess model = GaussianProcess.fit(inputs, new double[] {1, 1, -1}, Kernel.MATERN52,
                new Hyperparameters(1, 0, 1));
        assertThat(model.predict(new double[] {0, 1}).mean()).isCloseTo(1, within(1e-3));
    }

    /** Six decisions of five choices, one-hot: 30 entries, as the NAS-Bench-201 cell space encodes a cell. */
    private static double[] oneHot(int[] choices) {
        double[] encoding = new double[30];
        for (int decision = 0; decision < choices.length; decision++) {
            encoding[decision * 5 + choices[decision]] = 1;
        }
        return encoding;
    }

    @Test
    void aLinearShareLearnsACostThatAddsUpOverTheDecisions() {
        SplittableRandom random = new SplittableRandom(11);
        double[] price = new double[30];
        for (int i = 0; i < price.length; i++) {
            price[i] = random.nextDouble() * 100;
        }
        double[][] inputs = new double[40][];
        double[] costs = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = oneHot(random.ints(6, 0, 5).toArray());
            for (int k = 0; k < 30; k++) {
                costs[i] += inputs[i][k] * price[k];
            }
        }
        Standardisation standardisation = Standardisation.of(costs);
        double[] targets = standardisation.apply(costs);
        double[] lengthScales = {1, 2, 4};
        double[] noises = {1e-6, 1e-2};
        Hyperparameters mixed = GaussianProcess.maximumLikelihood(inputs, targets, Kernel.MATERN52, lengthScales,
                noises, new double[] {0, 0.5, 1});
        Hyperparameters stationary = GaussianProcess.maximumLikelihood(inputs, targets, Kernel.MATERN52,
                lengthScales, noises);
        assertThat(mixed.linearShare()).isPositive();
        GaussianProcess additive = GaussianProcess.fit(inputs, targets, Kernel.MATERN52, mixed);
        GaussianProcess smooth = GaussianProcess.fit(inputs, targets, Kernel.MATERN52, stationary);
        double additiveError = 0;
        double smoothError = 0;
        for (int test = 0; test < 50; test++) {
            double[] input = oneHot(random.ints(6, 0, 5).toArray());
            double cost = 0;
            for (int k = 0; k < 30; k++) {
                cost += input[k] * price[k];
            }
            additiveError = Math.max(additiveError, Math.abs(cost - standardisation.mean()
                    - standardisation.scale() * additive.predict(input).mean()));
            smoothError = Math.max(smoothError, Math.abs(cost - standardisation.mean()
                    - standardisation.scale() * smooth.predict(input).mean()));
        }
        assertThat(additiveError).isLessThan(0.01);
        assertThat(smoothError).isGreaterThan(1);
    }

    @Test
    void withOnlyTheLinearKernelThePriorVarianceGrowsWithTheInputsNorm() {
        double[][] inputs = {{1, 0}, {0, 1}};
        GaussianProcess model = GaussianProcess.fit(inputs, new double[] {1, -1}, Kernel.RBF,
                new Hyperparameters(1, 1e-9, 1, 1));
        assertThat(model.predict(new double[] {2, 2}).mean()).isCloseTo(0, within(1e-6));
        assertThat(model.predict(new double[] {3, 0}).mean()).isCloseTo(3, within(1e-6));
        assertThat(model.predict(new double[] {0, 0}).variance()).isZero();
    }
}
