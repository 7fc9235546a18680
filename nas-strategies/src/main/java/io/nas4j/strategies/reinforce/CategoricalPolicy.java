package io.nas4j.strategies.reinforce;

import io.nas4j.core.space.Decision;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A factorised policy over a space's categorical decisions: one independent softmax distribution per
 * decision, parameterised by logits that start at zero (uniform). The logits are stored flat, decision
 * after decision, so an optimiser can treat them as one parameter vector.
 */
final class CategoricalPolicy implements Policy {

    private final int[] arities;
    private final int[] offsets;
    private final double[] logits;

    CategoricalPolicy(List<Decision> decisions) {
        arities = new int[decisions.size()];
        offsets = new int[decisions.size()];
        int length = 0;
        for (int d = 0; d < arities.length; d++) {
            arities[d] = decisions.get(d).arity();
            offsets[d] = length;
            length += arities[d];
        }
        logits = new double[length];
    }

    /** The flat logit vector, updated in place by the optimiser. */
    @Override
    public double[] parameters() {
        return logits;
    }

    int decisions() {
        return arities.length;
    }

    /** The probability of each option of {@code decision}. */
    double[] probabilities(int decision) {
        int offset = offsets[decision];
        int arity = arities[decision];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < arity; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double[] probabilities = new double[arity];
        double sum = 0;
        for (int k = 0; k < arity; k++) {
            probabilities[k] = Math.exp(logits[offset + k] - max);
            sum += probabilities[k];
        }
        for (int k = 0; k < arity; k++) {
            probabilities[k] /= sum;
        }
        return probabilities;
    }

    /**
     * One choice index per decision, each drawn from its distribution, unused ones too (they are
     * independent of the others, and drawing them keeps a seed's sequence of draws as it was).
     */
    @Override
    public int[] sample(RandomGenerator random, java.util.function.Function<int[], boolean[]> used) {
        int[] choices = new int[arities.length];
        for (int d = 0; d < arities.length; d++) {
            double[] probabilities = probabilities(d);
            double u = random.nextDouble();
            int choice = probabilities.length - 1;
            double cumulative = 0;
            for (int k = 0; k < probabilities.length; k++) {
                cumulative += probabilities[k];
                if (u < cumulative) {
                    choice = k;
                    break;
                }
            }
            choices[d] = choice;
        }
        return choices;
    }

    /**
     * The gradient, with respect to the logits, of {@code advantage * log p(choices) + entropyWeight * H},
     * both summed over the {@code used} decisions only (H the sum of their entropies): for the chosen option
     * of a used decision {@code advantage * (1 - p)}, for the others {@code -advantage * p}, plus
     * {@code -entropyWeight * p_k * (log p_k + H_d)} for every option; zero for an unused decision, which
     * the sampled network did not depend on and so says nothing about.
     */
    @Override
    public double[] gradient(int[] choices, boolean[] used, double advantage, double entropyWeight) {
        double[] gradient = new double[logits.length];
        for (int d = 0; d < arities.length; d++) {
            if (!used[d]) {
                continue;
            }
            double[] probabilities = probabilities(d);
            double entropy = 0;
            for (double p : probabilities) {
                entropy -= p > 0 ? p * Math.log(p) : 0;
            }
            for (int k = 0; k < probabilities.length; k++) {
                double p = probabilities[k];
                double logLikelihood = (k == choices[d] ? 1 : 0) - p;
                double entropyTerm = p > 0 ? -p * (Math.log(p) + entropy) : 0;
                gradient[offsets[d] + k] = advantage * logLikelihood + entropyWeight * entropyTerm;
            }
        }
        return gradient;
    }

    /** A copy of the logits of {@code decision}. */
    double[] logits(int decision) {
        double[] copy = new double[arities[decision]];
        System.arraycopy(logits, offsets[decision], copy, 0, copy.length);
        return copy;
    }
}
