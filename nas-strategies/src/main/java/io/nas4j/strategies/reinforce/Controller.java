package io.nas4j.strategies.reinforce;

import io.nas4j.core.space.Decision;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A policy over categorical decisions trained by REINFORCE (Williams 1992): samples choice vectors and learns
 * from the reward each one earned. The reward's advantage over a moving-average baseline is normalised
 * ({@link RewardBaseline}), and the policy takes one optimiser step along {@code advantage * grad log p} plus
 * an entropy bonus, over the decisions the choices use. The first reward only starts the baseline.
 *
 * <p>What {@link Reinforce} (a search strategy over a space's genomes) and ENAS (which trains it on rewards of
 * supernet paths, {@code io.nas4j.strategies.oneshot.Enas}) share. Not thread-safe.
 */
public final class Controller {

    private final Policy policy;
    private final GradientAscent optimiser;
    private final RewardBaseline baseline;
    private final double entropyWeight;
    private int updates;

    Controller(Policy policy, GradientAscent optimiser, double baselineDecay, double entropyWeight) {
        if (!(baselineDecay >= 0 && baselineDecay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + baselineDecay);
        }
        if (!(entropyWeight >= 0)) {
            throw new IllegalArgumentException("entropy weight must be at least 0, got " + entropyWeight);
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.optimiser = Objects.requireNonNull(optimiser, "optimiser");
        this.baseline = new RewardBaseline(baselineDecay);
        this.entropyWeight = entropyWeight;
    }

    /**
     * The autoregressive LSTM controller ({@link LstmPolicy}) trained with Adam, its weights drawn from
     * {@code initial}.
     *
     * @param learningRate  Adam's rate, positive
     * @param baselineDecay weight of the past in the baseline, in [0, 1)
     * @param entropyWeight weight of the entropy bonus, at least 0
     */
    public static Controller lstm(List<Decision> decisions, int hidden, int layers, double learningRate,
                                  double baselineDecay, double entropyWeight, RandomGenerator initial) {
        return new Controller(new LstmPolicy(decisions, hidden, layers, initial), new Adam(positive(learningRate)),
                baselineDecay, entropyWeight);
    }

    static double positive(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        return learningRate;
    }

    /** One choice per decision, every decision used. */
    public int[] sample(RandomGenerator random) {
        return policy.sample(random, choices -> all(choices.length));
    }

    /** One choice per decision; {@code used} says which decisions the choices made so far use. */
    int[] sample(RandomGenerator random, Function<int[], boolean[]> used) {
        return policy.sample(random, used);
    }

    /** Learns from {@code reward}, earned by {@code choices}, every decision used. */
    public void learn(int[] choices, double reward) {
        learn(choices, all(choices.length), reward);
    }

    /** Learns from {@code reward}, earned by {@code choices}, over the {@code used} decisions. */
    void learn(int[] choices, boolean[] used, double reward) {
        double advantage = baseline.advantage(reward);
        optimiser.step(policy.parameters(), policy.gradient(choices, used, advantage, entropyWeight));
        updates++;
    }

    /** How many rewards have updated the policy. */
    public int updates() {
        return updates;
    }

    /** The moving-average baseline: the reward the policy expects now; NaN before the first. */
    public double baseline() {
        return baseline.value();
    }

    Policy policy() {
        return policy;
    }

    private static boolean[] all(int length) {
        boolean[] used = new boolean[length];
        Arrays.fill(used, true);
        return used;
    }
}
