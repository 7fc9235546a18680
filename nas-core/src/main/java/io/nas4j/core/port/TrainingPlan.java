package io.nas4j.core.port;

import java.util.Objects;

/**
 * How to train a network: epochs, batch size, optimiser, learning-rate schedule, regularisation, the
 * fraction of the training data to use (a low-fidelity knob) and the seed for initialisation and
 * shuffling.
 *
 * @param epochs       passes over the (fraction of the) training data, at least 1
 * @param batchSize    examples per step, at least 1
 * @param optimizer    SGD with momentum or Adam
 * @param learningRate initial learning rate, positive
 * @param momentum     SGD momentum in [0, 1); ignored by Adam
 * @param weightDecay  L2 weight decay, at least 0
 * @param schedule     constant or cosine decay over all steps
 * @param dataFraction fraction of training examples used, in (0, 1]
 * @param seed         seed of weight initialisation and batch order
 */
public record TrainingPlan(int epochs, int batchSize, Optimizer optimizer, double learningRate, double momentum,
                           double weightDecay, Schedule schedule, double dataFraction, long seed) {

    public enum Optimizer { SGD, ADAM }

    public enum Schedule { CONSTANT, COSINE }

    public TrainingPlan {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be at least 0, got " + weightDecay);
        }
        if (!(dataFraction > 0 && dataFraction <= 1)) {
            throw new IllegalArgumentException("data fraction must be in (0, 1], got " + dataFraction);
        }
    }

    /** A sensible default for small image sets: Adam 1e-3, cosine, batch 64. */
    public static TrainingPlan adam(int epochs, long seed) {
        return new TrainingPlan(epochs, 64, Optimizer.ADAM, 1e-3, 0.9, 0, Schedule.COSINE, 1.0, seed);
    }

    public TrainingPlan withEpochs(int value) {
        return new TrainingPlan(value, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, dataFraction, seed);
    }

    public TrainingPlan withLearningRate(double value) {
        return new TrainingPlan(epochs, batchSize, optimizer, value, momentum, weightDecay, schedule, dataFraction, seed);
    }

    public TrainingPlan withDataFraction(double value) {
        return new TrainingPlan(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, value, seed);
    }

    public TrainingPlan withSeed(long value) {
        return new TrainingPlan(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, dataFraction, value);
    }
}
