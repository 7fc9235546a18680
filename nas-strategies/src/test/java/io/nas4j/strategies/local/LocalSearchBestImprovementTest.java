package io.nas4j.strategies.local;

import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.AskTellContract;

import java.util.Map;

/** The ask/tell contract for local search in best-improvement mode. */
class LocalSearchBestImprovementTest extends AskTellContract {

    @Override
    protected StrategyProvider provider() {
        return new LocalSearchProvider();
    }

    @Override
    protected StrategySettings settings() {
        return StrategySettings.of(Map.of("mode", "best-improvement"));
    }
}
