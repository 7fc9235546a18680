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

    /** The default {@code n} on given rungs: 27 = 3^3, a full Hyperband bracket for four rungs at eta 3 (see the providers). */
    static final int DEFAULT_SIZE = 27;

    /**
     * The default {@code n} on the default rungs: 17 = eta, Hyperband's own most aggressive bracket on two rungs
     * at {@link Rungs#DEFAULT_LADDER_ETA}, whose best one goes on to 200 epochs.
     */
    static final int DEFAULT_LADDER_SIZE = Rungs.DEFAULT_LADDER_ETA;

    static BracketSettings of(StrategySettings settings) {
        Rungs rungs = Rungs.of(settings);
        int size = SettingRanges.integer(settings, "n", Rungs.givesResources(settings) ? DEFAULT_SIZE
                : DEFAULT_LADDER_SIZE, 1, 1_000_000);
        return new BracketSettings(rungs, size);
    }
}
