package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategyProvider;

class SuccessiveHalvingTest extends MultiFidelityConformance {

    @Override
    protected StrategyProvider provider() {
        return new SuccessiveHalvingProvider();
    }

    @Override
    protected int trialsForCostComparison() {
        return 72;
    }
}
