package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.bayesian.SettingRanges;

import java.util.Set;

/**
 * {@code bohb}: BOHB (Falkner, Klein and Hutter, 2018), Hyperband whose new configurations come from a
 * tree-structured Parzen estimator ({@link TreeParzenSampler}) once a rung has enough outcomes.
 *
 * <p>Settings and defaults:
 * <ul>
 *   <li>{@code resources} ("12,200"), {@code eta} (17 on the default resources, else 3), {@code n} (17 on
 *       the default resources, else 27): as for {@code hyperband}.</li>
 *   <li>{@code min-points} (number of decisions + 2, 2 to 1,000,000): outcomes a rung needs before it is
 *       modelled; BOHB's {@code d + 1} plus one so that good and bad sets are both non-empty.</li>
 *   <li>{@code top-fraction} (0.15, 0.01 to 0.99): the share of outcomes counted as good, BOHB's 15%.</li>
 *   <li>{@code random-fraction} (0.33, 0 to 1): configurations drawn uniformly regardless, BOHB's 1/3.</li>
 *   <li>{@code samples} (64, 1 to 100,000): draws from the good density per configuration, as in BOHB.</li>
 *   <li>{@code bandwidth-factor} (3, 1 to 100): how much wider the draws are than the fitted density,
 *       as in BOHB, so that new configurations explore around the good ones.</li>
 * </ul>
 */
public final class BohbProvider implements StrategyProvider {

    @Override
    public String name() {
        return "bohb";
    }

    @Override
    public String description() {
        return "BOHB: Hyperband with configurations from a tree-structured Parzen estimator";
    }

    @Override
    public Set<String> settings() {
        return Set.of("resources", "eta", "n", "min-points", "top-fraction", "random-fraction", "samples",
                "bandwidth-factor");
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        StrategySettings values = context.settings();
        values.requireKnown(name(), settings());
        BracketSettings settings = BracketSettings.of(values);
        int minPoints = SettingRanges.integer(values, "min-points", context.space().decisions().size() + 2, 2,
                1_000_000);
        double topFraction = SettingRanges.real(values, "top-fraction", 0.15, 0.01, 0.99);
        double randomFraction = SettingRanges.real(values, "random-fraction", 0.33, 0, 1);
        int samples = SettingRanges.integer(values, "samples", 64, 1, 100_000);
        double widening = SettingRanges.real(values, "bandwidth-factor", 3, 1, 100);
        TreeParzenSampler<G> sampler = new TreeParzenSampler<>(context.space(), context.random(),
                settings.rungs().count(), minPoints, topFraction, randomFraction, samples, widening);
        return new BracketSearch<>(context.space(), context.primary(), settings.rungs(),
                BracketSchedule.hyperband(settings.rungs(), settings.size()), sampler);
    }
}
