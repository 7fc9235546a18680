package io.nas4j.runner.training;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EpochRungsTest {

    @Test
    void rungsEndAtTheSearchsEpochsAndDivideByEta() {
        assertThat(EpochRungs.rungs(8, 3)).containsExactly(1, 3, 8);
        assertThat(EpochRungs.rungs(10, 3)).containsExactly(1, 3, 10);
        assertThat(EpochRungs.rungs(27, 3)).containsExactly(1, 3, 9, 27);
        assertThat(EpochRungs.rungs(1, 3)).containsExactly(1);
        assertThat(EpochRungs.rungs(8, 2)).containsExactly(1, 2, 4, 8);
    }

    @Test
    void multiFidelityStrategiesGetEpochRungsAndABracketThatFitsTheBudget() {
        assertThat(EpochRungs.settings("hyperband", 20, 8, Map.of()))
                .containsEntry("resources", "1,3,8")
                // 13 + 4 + 1 evaluations: the first bracket reaches the top rung within 20 trials
                .containsEntry("n", 13);
        assertThat(EpochRungs.settings("successive-halving", 1000, 10, Map.of())).containsEntry("n", 27);
    }

    @Test
    void givenSettingsAndOtherStrategiesAreLeftAlone() {
        assertThat(EpochRungs.settings("bohb", 20, 8, Map.of("resources", "2,6", "n", 9)))
                .containsEntry("resources", "2,6").containsEntry("n", 9);
        assertThat(EpochRungs.settings("random", 20, 8, Map.of())).isEmpty();
        assertThat(EpochRungs.settings("hyperband", 20, 8, Map.of("eta", 2))).containsEntry("resources", "1,2,4,8");
    }
}
