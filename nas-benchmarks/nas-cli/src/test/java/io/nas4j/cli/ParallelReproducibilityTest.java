package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live-training search with two worker processes, run twice with the same seed, records the same trials
 * with the same accuracies: outcomes are told to the strategy in trial order, so which worker finishes
 * first no longer changes what the strategy proposes next.
 */
class ParallelReproducibilityTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void twoWorkersGiveTheSameSearchTwice() throws IOException {
        List<String> first = search(folder.resolve("first"));
        List<String> second = search(folder.resolve("second"));

        assertThat(first).hasSize(10);
        assertThat(second).isEqualTo(first);
    }

    private static List<String> search(Path out) throws IOException {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--workers", "2", "--budget", "10", "--epochs", "2",
                "--final-epochs", "1", "--seed", "4", "--out", out.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();
        List<String> trials = new ArrayList<>();
        for (JsonNode trial : JSON.readTree(out.resolve("result.json").toFile()).get("trialsList")) {
            trials.add(trial.get("id").asLong() + " " + trial.get("genome").asText() + " " + trial.get("state").asText()
                    + " " + trial.path("accuracy").asText(""));
        }
        return trials;
    }
}
