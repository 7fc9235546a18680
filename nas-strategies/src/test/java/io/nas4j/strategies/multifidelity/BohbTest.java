package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategyProvider;

class BohbTest extends MultiFidelityConformance {

    @Override
    protected StrategyProvider provider() {
        return new BohbProvider();
    }

    @Override
    protected int trialsForCostComparison() {
        return 108;
    }
}
