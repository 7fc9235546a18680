package io.nas4j.strategies.predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An ensemble of independently initialised {@link MultilayerPerceptron}s whose spread of predictions stands
 * in for the posterior uncertainty a Gaussian process would give (deep ensembles, as in BANANAS).
 *
 * <p>Each member has its own generator, split off the strategy's seeded one when the ensemble is made, so
 * that members differ but the whole stays a function of the seed. Members are trained for
 * {@code firstEpochs} the first time and warm-started with {@code epochs} more on every later fit: the data
 * grows by one or a few points between fits, so a short refinement keeps the cost per proposal flat.
 */
public final class PredictorEnsemble {

    private final List<MultilayerPerceptron> members = new ArrayList<>();
    private final List<RandomGenerator> generators = new ArrayList<>();
    private final int firstEpochs;
    private final int epochs;
    private final int batchSize;
    private boolean trained;

    /**
     * @param size         the number of members, at least 1
     * @param inputs       the encoding length
     * @param hidden       the hidden-layer widths of each member
     * @param learningRate Adam's step size
     * @param weightDecay  L2 penalty on the weights
     * @param firstEpochs  epochs of the first fit
     * @param epochs       epochs of every later fit
     * @param batchSize    examples per step
     */
    public PredictorEnsemble(int size, int inputs, int[] hidden, double learningRate, double weightDecay,
                             int firstEpochs, int epochs, int batchSize, RandomGenerator random) {
        if (size < 1 || firstEpochs < 1 || epochs < 0 || batchSize < 1) {
            throw new IllegalArgumentException("need size >= 1, firstEpochs >= 1, epochs >= 0 and batchSize >= 1");
        }
        for (int i = 0; i < size; i++) {
            RandomGenerator generator = new SplittableRandom(random.nextLong());
            generators.add(generator);
            members.add(new MultilayerPerceptron(inputs, hidden, learningRate, weightDecay, generator));
        }
        this.firstEpochs = firstEpochs;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    /** Trains every member on the (standardised) targets. */
    public void fit(double[][] inputs, double[] targets) {
        int passes = trained ? epochs : firstEpochs;
        for (int i = 0; i < members.size(); i++) {
            members.get(i).train(inputs, targets, passes, batchSize, generators.get(i));
        }
        trained = true;
    }

    /** The members' mean prediction and their standard deviation. */
    public Estimate predict(double[] input) {
        double[] predictions = new double[members.size()];
        double mean = 0;
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = members.get(i).predict(input);
            mean += predictions[i];
        }
        mean /= predictions.length;
        double variance = 0;
        for (double prediction : predictions) {
            variance += (prediction - mean) * (prediction - mean);
        }
        return new Estimate(mean, Math.sqrt(variance / predictions.length));
    }

    /**
     * The ensemble's prediction at one point.
     *
     * @param mean      the members' mean
     * @param deviation their standard deviation
     */
    public record Estimate(double mean, double deviation) {
    }
}
