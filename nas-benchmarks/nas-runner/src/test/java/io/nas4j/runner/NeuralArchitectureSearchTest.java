package io.nas4j.runner;

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
    }
}
