package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategyProvider;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuccessiveHalvingTest extends MultiFidelityConformance {

    @Override
    protected StrategyProvider provider() {
        return new SuccessiveHalvingProvider();
    }

    @Override
    protected int trialsForCostComparison() {
        return 72;
    }

    @Test
    void onTheDefaultRungsABracketIsSeventeenAtTwelveEpochsAndItsBestAtTwoHundred() {
        List<String> fidelities = fidelities(drive(create(SEED), 36));

        assertThat(fidelities.subList(0, 18)).isEqualTo(bracket(17, 1));
        assertThat(fidelities.subList(18, 36)).isEqualTo(bracket(17, 1));
    }

    @Test
    void onGivenRungsEtaIsThreeAndABracketTwentySeven() {
        List<String> fidelities = fidelities(drive(create(SEED, settings().with("resources", "12,200")), 36));

        assertThat(fidelities).isEqualTo(bracket(27, 9));
    }

    static List<String> bracket(int low, int high) {
        List<String> fidelities = new java.util.ArrayList<>(Collections.nCopies(low, "12.0"));
        fidelities.addAll(Collections.nCopies(high, "200.0"));
        return fidelities;
    }

    static List<String> fidelities(List<String> seen) {
        return seen.stream().map(proposal -> proposal.substring(proposal.indexOf('@') + 1)).toList();
    }
}
