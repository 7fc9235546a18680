package io.nas4j.strategies.reinforce;

/**
 * Adam (Kingma and Ba 2015) as gradient ascent, with the usual moment decays 0.9 and 0.999. Its
 * per-parameter step is about {@code rate} whatever the reward's scale, which makes one learning rate
 * fit spaces and metrics of any range.
 */
final class Adam implements GradientAscent {

    private static final double FIRST_DECAY = 0.9;
    private static final double SECOND_DECAY = 0.999;
    private static final double EPSILON = 1e-8;

    private final double rate;
    private double[] first;
    private double[] second;
    private int steps;

    Adam(double rate) {
        this.rate = rate;
    }

    @Override
    public void step(double[] parameters, double[] gradient) {
        if (first == null) {
            first = new double[parameters.length];
            second = new double[parameters.length];
        }
        steps++;
        double firstCorrection = 1 - Math.pow(FIRST_DECAY, steps);
        double secondCorrection = 1 - Math.pow(SECOND_DECAY, steps);
        for (int i = 0; i < parameters.length; i++) {
            first[i] = FIRST_DECAY * first[i] + (1 - FIRST_DECAY) * gradient[i];
            second[i] = SECOND_DECAY * second[i] + (1 - SECOND_DECAY) * gradient[i] * gradient[i];
            double mean = first[i] / firstCorrection;
            double variance = second[i] / secondCorrection;
            parameters[i] += rate * mean / (Math.sqrt(variance) + EPSILON);
        }
    }
}
