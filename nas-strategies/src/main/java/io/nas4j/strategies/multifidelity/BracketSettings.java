package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.bayesian.SettingRanges;

/**
 * The settings every multi-fidelity strategy reads: {@code resources} and {@code eta} (see {@link Rungs}) and
 * {@code n}, the number of configurations the largest bracket starts at its first rung.
 *
 * @param rungs the rung resources and promotion rate
 * @param size  the setting {@code n}
 */
record BracketSettings(Rungs rungs, int size) {

    /** The default {@code n}: 27 = 3^3, a full Hyperband bracket for four rungs at eta 3 (see the providers). */
    static final int DEFAULT_SIZE = 27;

    static BracketSettings of(StrategySettings settings) {
        Rungs rungs = Rungs.of(settings);
        int size = SettingRanges.integer(settings, "n", DEFAULT_SIZE, 1, 1_000_000);
        return new BracketSettings(rungs, size);
    }
}
