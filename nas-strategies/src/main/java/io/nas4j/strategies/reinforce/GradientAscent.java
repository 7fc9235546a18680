package io.nas4j.strategies.reinforce;

/** An optimiser that moves parameters along a gradient to increase an objective, in place. */
interface GradientAscent {

    void step(double[] parameters, double[] gradient);

    /** Plain stochastic gradient ascent: {@code parameters += rate * gradient}. */
    static GradientAscent sgd(double rate) {
        return (parameters, gradient) -> {
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] += rate * gradient[i];
            }
        };
    }
}
