package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;

import java.util.Set;

/**
 * {@code hyperband}: Hyperband (Li et al.), successive-halving brackets that cycle from the most aggressive
 * (many configurations from the lowest rung) to the most conservative (few, at the top rung only), with
 * uniformly sampled configurations ({@link BracketSearch}, {@link BracketSchedule#hyperband}).
 *
 * <p>Settings and defaults:
 * <ul>
 *   <li>{@code resources} ("12,200") and {@code eta} (17 on the default resources, else 3): as for
 *       {@code successive-halving}.</li>
 *   <li>{@code n} (1 to 1,000,000; 17 on the default resources, else 27): configurations of the most
 *       aggressive bracket; the others are scaled as in Hyperband. On the default resources this is plain
 *       Hyperband, {@code eta^(rungs - 1)}: brackets of 17 at 12 epochs (the best one on to 200) and of 2 at
 *       200, about 400 epochs each. On given rungs at eta 3, plain Hyperband's {@code eta^(rungs - 1)} would be
 *       a bracket of 3 on two rungs, which learns next to nothing from the cheap rung; 27 keeps every bracket
 *       informative.</li>
 * </ul>
 */
public final class HyperbandProvider implements StrategyProvider {

    @Override
    public String name() {
        return "hyperband";
    }

    @Override
    public String description() {
        return "Hyperband: successive-halving brackets that hedge between many cheap and few full evaluations";
    }

    @Override
    public Set<String> settings() {
        return Set.of("resources", "eta", "n");
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        context.settings().requireKnown(name(), settings());
        BracketSettings settings = BracketSettings.of(context.settings());
        return new BracketSearch<>(context.space(), context.primary(), settings.rungs(),
                BracketSchedule.hyperband(settings.rungs(), settings.size()),
                new UniformSampler<>(context.space(), context.random()));
    }
}
