package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategyProvider;

class HyperbandTest extends MultiFidelityConformance {

    @Override
    protected StrategyProvider provider() {
        return new HyperbandProvider();
    }

    @Override
    protected int trialsForCostComparison() {
        return 108;
    }
}
