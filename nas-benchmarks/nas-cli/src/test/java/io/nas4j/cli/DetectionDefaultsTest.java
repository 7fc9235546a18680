package io.nas4j.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The strategy settings a detection search fills in: rungs in epochs, a population sized to the budget. */
class DetectionDefaultsTest {

    @Test
    void multiFidelityRungsEndAtTheCandidatesEpochsNotAtTheTabular200() {
        Map<String, Object> settings = DetectionDefaults.settings("hyperband", 12, 9, Map.of());

        assertThat(settings).containsEntry("resources", "1,3,9");
        assertThat(settings.get("n")).isInstanceOf(Integer.class);
    }

    @Test
    void givenRungsAreKept() {
        assertThat(DetectionDefaults.settings("successive-halving", 12, 9, Map.of("resources", "2,4")))
                .containsEntry("resources", "2,4");
    }

    @Test
    void regularizedEvolutionGetsAPopulationSizedToTheBudget() {
        assertThat(DetectionDefaults.settings("regularized-evolution", 12, 9, Map.of()))
                .containsEntry("population", 4).containsEntry("sample", 2).doesNotContainKey("resources");
    }
}
