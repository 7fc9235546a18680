package io.nas4j.strategies.reinforce;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * REINFORCE (Williams 1992) with a policy over the space's categorical decisions, as in the NAS-Bench-201
 * baselines: an independent softmax per decision ({@link CategoricalPolicy}), a choice vector sampled from
 * it and turned into a genome by {@link SearchSpace#fromChoices}.
 *
 * <p>Every told outcome updates the policy at once (outcomes may arrive in any order, so the update uses
 * the told genome's own choices, not the order of proposals): the reward is the primary score, its
 * advantage over a moving-average baseline is normalised ({@link RewardBaseline}), and the logits take one
 * optimiser step along {@code advantage * grad log p(choices)} plus an entropy bonus that keeps the policy
 * from collapsing early, both over the decisions the genome uses ({@link SearchSpace#usedDecisions}): the
 * unused layer slots of a shallow chain, which its choice vector fills with 0, are not taught that option 0
 * earned the reward. The first reward only starts the baseline. A FAILED outcome (or one without the
 * primary metric) is rewarded as the worst reward seen so far, which steers the policy away from it; before
 * any reward is known it teaches nothing. Sampling redraws, a bounded number of times, a network already
 * proposed, and when the policy keeps drawing known networks, draws from the space's prior (as many times)
 * instead.
 */
public final class Reinforce<G extends Genome> implements SearchStrategy<G> {

    /** Draws from the policy before a repeat is proposed; a sharp policy repeats itself often. */
    private static final int RETRIES = 50;

    private final SearchSpace<G> space;
    private final Objective objective;
    private final RandomGenerator random;
    private final Controller controller;
    private final Set<String> proposed = new HashSet<>();
    private double worstReward = Double.POSITIVE_INFINITY;

    /**
     * @param optimiser     the optimiser of the logits
     * @param baselineDecay weight of the past in the baseline's moving average, in [0, 1)
     * @param entropyWeight weight of the policy's entropy in the objective, at least 0
     */
    public Reinforce(SearchSpace<G> space, Objective objective, RandomGenerator random, Optimiser optimiser,
                     double learningRate, double baselineDecay, double entropyWeight) {
        this(space, objective, random, new CategoricalPolicy(space.decisions()), optimiser, learningRate, baselineDecay,
                entropyWeight);
    }

    /** REINFORCE with {@code policy} in place of the factorised one (an autoregressive controller, say). */
    Reinforce(SearchSpace<G> space, Objective objective, RandomGenerator random, Policy policy, Optimiser optimiser,
              double learningRate, double baselineDecay, double entropyWeight) {
        this.space = space;
        this.objective = objective;
        this.random = random;
        this.controller = new Controller(policy, optimiser == Optimiser.ADAM ? new Adam(Controller.positive(learningRate))
                : GradientAscent.sgd(Controller.positive(learningRate)), baselineDecay, entropyWeight);
    }

    /** The optimisers of the logits. */
    public enum Optimiser {
        ADAM, SGD
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            G genome = space.fromChoices(controller.sample(random, space::usedDecisions));
            for (int attempt = 1; attempt < RETRIES && proposed.contains(space.key(genome)); attempt++) {
                genome = space.fromChoices(controller.sample(random, space::usedDecisions));
            }
            // a policy this sharp has little left to learn from its own draws: explore from the prior instead
            for (int attempt = 0; attempt < RETRIES && proposed.contains(space.key(genome)); attempt++) {
                genome = space.sample(random);
            }
            proposed.add(space.key(genome));
            proposals.add(Proposal.full(genome));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        double reward = observation.state() == TrialState.FAILED ? Double.NaN : objective.score(observation.metrics());
        if (Double.isNaN(reward)) {
            if (Double.isInfinite(worstReward)) {
                return;
            }
            reward = worstReward;
        }
        worstReward = Math.min(worstReward, reward);
        int[] choices = space.choices(observation.genome());
        controller.learn(choices, space.usedDecisions(choices), reward);
    }

    /** The factorised policy's probability of {@code option} at {@code decision}. */
    public double probability(int decision, int option) {
        return factorised().probabilities(decision)[option];
    }

    /** A copy of the logits of {@code decision}, one per option, for the factorised policy. */
    public double[] logits(int decision) {
        return factorised().logits(decision);
    }

    private CategoricalPolicy factorised() {
        if (!(controller.policy() instanceof CategoricalPolicy factorised)) {
            throw new IllegalStateException("only the factorised policy has a distribution per decision");
        }
        return factorised;
    }

    /** How many outcomes have updated the policy. */
    public int updates() {
        return controller.updates();
    }
}
