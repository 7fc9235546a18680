package io.nas4j.runner;

import io.nas4j.runner.training.FrontMember;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What README shows a host application doing: a search in a few lines, no command line. */
class NeuralArchitectureSearchTest {

    @TempDir
    Path folder;

    @Test
    void aHostApplicationRunsASearchAndReadsItsResult() {
        TrainingSearch.Outcome outcome = NeuralArchitectureSearch.create()
                .run(TrainingSearchSpec.builder().budget(3, 0).training(2, 3, 64, 0.002).seed(11).build(), folder);

        assertThat(outcome.search().trials()).hasSize(3);
        assertThat(outcome.bestGenome()).isNotBlank();
        assertThat(outcome.test().accuracy()).isGreaterThan(0.5);
        assertThat(outcome.model().resolve("network.json")).exists();
        assertThat(outcome.front()).as("one objective keeps no front").isEmpty();
    }

    @Test
    void aHostAsksForSeveralObjectivesAndGetsTheFrontWithItsMembersTested() {
        TrainingSearch.Outcome outcome = NeuralArchitectureSearch.create().run(TrainingSearchSpec.builder()
                .objectives("accuracy", "params", "memory_mb").strategy("nsga2").settings(java.util.Map.of("population", 4))
                .budget(5, 0).training(1, 1, 64, 0.002).finalFront(2).seed(11).build(), folder);

        assertThat(outcome.front()).isNotEmpty();
        assertThat(outcome.front()).allSatisfy(member -> assertThat(member.trial().metrics())
                .containsKeys("accuracy", "params", "memory_mb"));
        assertThat(outcome.front().stream().filter(FrontMember::trainedAgain)).hasSizeBetween(1, 2)
                .allSatisfy(member -> {
                    assertThat(member.test().accuracy()).isBetween(0.0, 1.0);
                    assertThat(member.model().resolve("network.json")).exists();
                });
    }
}
