package io.nas4j.strategies.predictor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A small dense regression network: hidden layers with ReLU, one linear output, trained on the mean squared
 * error with {@link Adam} in mini-batches. Plain Java and single-threaded, so that training is a
 * deterministic function of the data, the seed and the call sequence.
 *
 * <p>Inputs are typically sparse indicator vectors (one-hot or path encodings): the first layer skips zero
 * inputs in both passes, which makes a forward and backward pass cost little more than the hidden layers.
 * Training warm-starts from the current weights, so a model can be refined with a few epochs as data
 * arrives instead of being trained from scratch each time.
 */
public final class MultilayerPerceptron {

    private final int[] widths;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final double[] parameters;
    private final Adam optimiser;
    private final double weightDecay;

    /**
     * A network with He-initialised weights and zero biases.
     *
     * @param inputs       the input length, at least 1
     * @param hidden       the widths of the hidden layers, each at least 1 (may be empty: linear regression)
     * @param learningRate Adam's step size, positive
     * @param weightDecay  L2 penalty on the weights (not the biases), at least 0
     */
    public MultilayerPerceptron(int inputs, int[] hidden, double learningRate, double weightDecay,
                                RandomGenerator random) {
        if (inputs < 1 || Arrays.stream(hidden).anyMatch(width -> width < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need inputs >= 1, hidden widths >= 1 and weightDecay >= 0");
        }
        this.widths = new int[hidden.length + 2];
        widths[0] = inputs;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = 1;
        int layers = widths.length - 1;
        this.weightOffsets = new int[layers];
        this.biasOffsets = new int[layers];
        int size = 0;
        for (int layer = 0; layer < layers; layer++) {
            weightOffsets[layer] = size;
            size += widths[layer] * widths[layer + 1];
            biasOffsets[layer] = size;
            size += widths[layer + 1];
        }
        this.parameters = new double[size];
        for (int layer = 0; layer < layers; layer++) {
            // He initialisation keeps ReLU activations at a stable scale through the layers
            double bound = Math.sqrt(6.0 / widths[layer]);
            for (int i = 0; i < widths[layer] * widths[layer + 1]; i++) {
                parameters[weightOffsets[layer] + i] = (2 * random.nextDouble() - 1) * bound;
            }
        }
        this.optimiser = new Adam(size, learningRate);
        this.weightDecay = weightDecay;
    }

    /** The network's output for {@code input}. */
    public double predict(double[] input) {
        return forward(input)[widths.length - 1][0];
    }

    /**
     * Trains for {@code epochs} passes over the data in a seeded shuffled order, {@code batchSize} examples
     * per Adam step.
     */
    public void train(double[][] inputs, double[] targets, int epochs, int batchSize, RandomGenerator random) {
        int n = inputs.length;
        if (n == 0 || n != targets.length || batchSize < 1) {
            throw new IllegalArgumentException("need as many targets as inputs, at least one, and batchSize >= 1");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] gradient = new double[parameters.length];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                Arrays.fill(gradient, 0);
                for (int k = start; k < end; k++) {
                    accumulate(inputs[order[k]], targets[order[k]], 1.0 / (end - start), gradient);
                }
                if (weightDecay > 0) {
                    for (int layer = 0; layer < weightOffsets.length; layer++) {
                        for (int i = weightOffsets[layer]; i < biasOffsets[layer]; i++) {
                            gradient[i] += weightDecay * parameters[i];
                        }
                    }
                }
                optimiser.step(parameters, gradient);
            }
        }
    }

    /** The activations of every layer, input first; hidden layers after the ReLU. */
    private double[][] forward(double[] input) {
        int layers = widths.length - 1;
        double[][] activations = new double[widths.length][];
        activations[0] = input;
        for (int layer = 0; layer < layers; layer++) {
            double[] in = activations[layer];
            int inWidth = widths[layer];
            int outWidth = widths[layer + 1];
            double[] out = new double[outWidth];
            System.arraycopy(parameters, biasOffsets[layer], out, 0, outWidth);
            int weights = weightOffsets[layer];
            for (int i = 0; i < inWidth; i++) {
                double value = in[i];
                if (value != 0) {
                    int row = weights + i * outWidth;
                    for (int j = 0; j < outWidth; j++) {
                        out[j] += value * parameters[row + j];
                    }
                }
            }
            if (layer < layers - 1) {
                for (int j = 0; j < outWidth; j++) {
                    out[j] = Math.max(0, out[j]);
                }
            }
            activations[layer + 1] = out;
        }
        return activations;
    }

    /** Adds {@code scale} times the gradient of the squared error on one example to {@code gradient}. */
    private void accumulate(double[] input, double target, double scale, double[] gradient) {
        double[][] activations = forward(input);
        int layers = widths.length - 1;
        // d(error^2 / 2) / d(output)
        double[] delta = {(activations[layers][0] - target) * scale};
        for (int layer = layers - 1; layer >= 0; layer--) {
            double[] in = activations[layer];
            int inWidth = widths[layer];
            int outWidth = widths[layer + 1];
            int weights = weightOffsets[layer];
            for (int j = 0; j < outWidth; j++) {
                gradient[biasOffsets[layer] + j] += delta[j];
            }
            double[] previous = layer > 0 ? new double[inWidth] : null;
            for (int i = 0; i < inWidth; i++) {
                double value = in[i];
                if (value == 0 && previous == null) {
                    continue;
                }
                int row = weights + i * outWidth;
                double back = 0;
                for (int j = 0; j < outWidth; j++) {
                    gradient[row + j] += value * delta[j];
                    back += parameters[row + j] * delta[j];
                }
                if (previous != null) {
                    // ReLU passes the gradient only where the unit was active
                    previous[i] = value > 0 ? back : 0;
                }
            }
            delta = previous;
        }
    }
}
