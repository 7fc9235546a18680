package io.nas4j.strategies.reinforce;

import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A stochastic policy over a space's categorical decisions, trained by {@link Reinforce}: it samples one
 * choice per decision and gives the gradient of the REINFORCE objective with respect to its parameters,
 * which an optimiser moves in place.
 */
interface Policy {

    /**
     * One choice index per decision, drawn from the policy; {@code used} tells, for the choices made so far
     * (the rest 0), which decisions the network uses, so a policy may skip the others (leaving them 0).
     */
    int[] sample(RandomGenerator random, Function<int[], boolean[]> used);

    /** The flat parameter vector, updated in place by the optimiser. */
    double[] parameters();

    /**
     * The gradient of {@code advantage * log p(choices) + entropyWeight * H} with respect to
     * {@link #parameters()}, where the log-likelihood and the entropies H are summed over the {@code used}
     * decisions only.
     */
    double[] gradient(int[] choices, boolean[] used, double advantage, double entropyWeight);
}
