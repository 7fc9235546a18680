package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategyProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HyperbandTest extends MultiFidelityConformance {

    @Override
    protected StrategyProvider provider() {
        return new HyperbandProvider();
    }

    @Override
    protected int trialsForCostComparison() {
        return 108;
    }

    @Test
    void onTheDefaultRungsItIsPlainHyperbandWithEtaSeventeen() {
        List<String> fidelities = SuccessiveHalvingTest.fidelities(drive(create(SEED), 38));

        // 17 at 12 epochs and their best at 200, then 2 straight at 200: about 400 epochs a bracket
        assertThat(fidelities.subList(0, 18)).isEqualTo(SuccessiveHalvingTest.bracket(17, 1));
        assertThat(fidelities.subList(18, 20)).isEqualTo(SuccessiveHalvingTest.bracket(0, 2));
        assertThat(fidelities.subList(20, 38)).isEqualTo(SuccessiveHalvingTest.bracket(17, 1));
    }
}
