package io.nas4j.strategies.reinforce;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;

import java.util.Set;

/**
 * {@code reinforce-lstm}: REINFORCE ({@link Reinforce}: moving-average baseline, normalised advantage, entropy
 * bonus, Adam) with the autoregressive LSTM controller of Zoph and Le (2017) and ENAS ({@link LstmPolicy}) in
 * place of the factorised policy of {@code reinforce}. Settings, with their defaults:
 * <ul>
 *   <li>{@code learning-rate} ({@value #DEFAULT_RATE}, in (0, 1]): Adam's step on the controller's weights;</li>
 *   <li>{@code hidden} (100, 1 to 512): hidden units of each LSTM layer, also the embedding size;</li>
 *   <li>{@code layers} (2, 1 to 4): stacked LSTM layers;</li>
 *   <li>{@code baseline-decay} (0.9, in [0, 1)): weight of the past in the reward baseline;</li>
 *   <li>{@code entropy-weight} (0.001, in [0, 1]): weight of the entropy bonus.</li>
 * </ul>
 *
 * <p>Why the learning rate: see docs/benchmarks.md (the NAS-Bench-201 sweep). Each update moves every weight
 * by about the rate whatever the reward's scale (Adam); with 150 trials the controller must learn in some
 * hundred updates, far fewer than ENAS's thousands at 3.5e-4.
 */
public final class LstmReinforceProvider implements StrategyProvider {

    static final double DEFAULT_RATE = 0.003;

    @Override
    public String name() {
        return "reinforce-lstm";
    }

    @Override
    public String description() {
        return "REINFORCE with an autoregressive 2-layer LSTM controller (Zoph and Le 2017), one decision per step";
    }

    @Override
    public Set<String> settings() {
        return Set.of("learning-rate", "hidden", "layers", "baseline-decay", "entropy-weight");
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        StrategySettings settings = context.settings();
        settings.requireKnown(name(), settings());
        double rate = settings.real("learning-rate", DEFAULT_RATE);
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("strategy setting learning-rate must be in (0, 1], got " + rate);
        }
        int hidden = settings.integer("hidden", 100);
        if (hidden < 1 || hidden > 512) {
            throw new IllegalArgumentException("strategy setting hidden must be between 1 and 512, got " + hidden);
        }
        int layers = settings.integer("layers", 2);
        if (layers < 1 || layers > 4) {
            throw new IllegalArgumentException("strategy setting layers must be between 1 and 4, got " + layers);
        }
        double decay = ReinforceProvider.baselineDecay(settings);
        double entropy = ReinforceProvider.entropyWeight(settings);
        // one stream: the controller's initial weights, then every sample
        java.util.random.RandomGenerator random = context.random();
        LstmPolicy policy = new LstmPolicy(context.space().decisions(), hidden, layers, random);
        return new Reinforce<>(context.space(), context.primary(), random, policy, Reinforce.Optimiser.ADAM,
                rate, decay, entropy);
    }
}
