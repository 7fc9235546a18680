package io.nas4j.strategies.predictor;

/**
 * The Adam optimiser (Kingma and Ba) over one flat parameter vector: per-parameter step sizes from running
 * averages of the gradient and of its square, with bias correction. Mutable; one per model.
 */
final class Adam {

    private static final double FIRST_DECAY = 0.9;
    private static final double SECOND_DECAY = 0.999;
    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double[] first;
    private final double[] second;
    private double firstCorrection = 1;
    private double secondCorrection = 1;

    Adam(int parameters, double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.first = new double[parameters];
        this.second = new double[parameters];
    }

    /** Moves {@code parameters} against {@code gradient}. */
    void step(double[] parameters, double[] gradient) {
        firstCorrection *= FIRST_DECAY;
        secondCorrection *= SECOND_DECAY;
        double rate = learningRate * Math.sqrt(1 - secondCorrection) / (1 - firstCorrection);
        for (int i = 0; i < parameters.length; i++) {
            double g = gradient[i];
            first[i] = FIRST_DECAY * first[i] + (1 - FIRST_DECAY) * g;
            second[i] = SECOND_DECAY * second[i] + (1 - SECOND_DECAY) * g * g;
            parameters[i] -= rate * first[i] / (Math.sqrt(second[i]) + EPSILON);
        }
    }
}
