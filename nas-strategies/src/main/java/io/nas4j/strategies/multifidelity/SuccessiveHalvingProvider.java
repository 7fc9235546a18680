package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;

import java.util.Set;

/**
 * {@code successive-halving}: brackets of successive halving (Jamieson and Talwalkar; Karnin et al.), one
 * after another, with uniformly sampled configurations ({@link BracketSearch}).
 *
 * <p>Each bracket evaluates {@code n} new configurations at the lowest resource, then the best
 * {@code 1 / eta} of them (at least one) at the next, and so on up to the top resource. Promotion is
 * synchronous within a bracket; when a bracket waits for results the next one starts, so {@code ask(n)}
 * always has work to give (not ASHA's asynchronous promotion, which promotes on partial rungs and makes
 * sequential runs worse).
 *
 * <p>Settings and defaults:
 * <ul>
 *   <li>{@code resources} ("12,200"): the rung resources, increasing; on the tabular NAS-Bench-201 suite
 *       the 12-epoch and the 200-epoch tables; with live training, epochs.</li>
 *   <li>{@code eta} (2 to 100; 17 on the default resources, else 3): the promotion rate. 17 is 200 / 12
 *       rounded, so that the two default rungs grow by eta as Hyperband's do and each costs about the same
 *       in epochs; at 3 the 200-epoch rung cost 5.6 times the 12-epoch one.</li>
 *   <li>{@code n} (1 to 1,000,000; 17 on the default resources, else 27): configurations per bracket at the
 *       lowest rung; 17 promotes the best one to 200 epochs, 27 = 3^3 is a full bracket for four rungs at
 *       eta 3.</li>
 * </ul>
 */
public final class SuccessiveHalvingProvider implements StrategyProvider {

    @Override
    public String name() {
        return "successive-halving";
    }

    @Override
    public String description() {
        return "successive halving: many configurations cheaply, the best 1/eta promoted to more resource";
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
                BracketSchedule.successiveHalving(settings.size()), new UniformSampler<>(context.space(),
                context.random()));
    }
}
