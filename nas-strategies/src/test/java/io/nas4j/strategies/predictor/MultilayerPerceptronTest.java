package io.nas4j.strategies.predictor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class MultilayerPerceptronTest {

    /** A function of eight binary inputs with an interaction term that a linear model cannot fit. */
    private static double function(double[] x) {
        return 2 * x[0] - x[1] + 0.5 * x[2] + 1.5 * x[3] * x[4] - x[5] * x[6] + 0.3 * x[7];
    }

    private static double[][] inputs(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] inputs = new double[count][8];
        for (double[] input : inputs) {
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextInt(2);
            }
        }
        return inputs;
    }

    private static MultilayerPerceptron trained(long seed) {
        double[][] inputs = inputs(256, 1);
        double[] targets = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            targets[i] = function(inputs[i]);
        }
        MultilayerPerceptron network = new MultilayerPerceptron(8, new int[] {16, 16}, 0.01, 0,
                new SplittableRandom(seed));
        network.train(inputs, targets, 300, 32, new SplittableRandom(seed + 1));
        return network;
    }

    @Test
    void fitsASmallDeterministicFunctionWithAnInteraction() {
        MultilayerPerceptron network = trained(3);
        double squaredError = 0;
        double variance = 0;
        double[][] test = inputs(256, 2);
        double mean = 0;
        for (double[] input : test) {
            mean += function(input) / test.length;
        }
        for (double[] input : test) {
            double error = network.predict(input) - function(input);
            squaredError += error * error;
            variance += (function(input) - mean) * (function(input) - mean);
        }
        assertThat(1 - squaredError / variance).as("R squared").isGreaterThan(0.98);
    }

    @Test
    void trainingIsAFunctionOfTheSeed() {
        double[] probe = {1, 0, 1, 1, 0, 1, 0, 1};
        assertThat(trained(3).predict(probe)).isEqualTo(trained(3).predict(probe));
        assertThat(trained(3).predict(probe)).isNotEqualTo(trained(4).predict(probe));
    }
}
