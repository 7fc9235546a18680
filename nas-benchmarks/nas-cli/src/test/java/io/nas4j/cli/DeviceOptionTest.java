package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --device}, on a machine without a GPU: the value reaches the search's configuration (and so every
 * worker), and asking for a GPU that the engine does not see is one sentence with exit status 2.
 */
class DeviceOptionTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "djl|nas search: --device gpu: the djl engine sees no GPU; use --device cpu or auto",
            "tensorflow|nas search: --device gpu: the tensorflow engine sees no GPU; use --device cpu or auto",
    })
    void aGpuTheEngineDoesNotSeeIsOneSentenceAndNothingIsWritten(String backend, String message) {
        Path out = folder.resolve(backend);
        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", backend, "--device", "gpu", "--budget", "2",
                "--out", out.toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo(message);
        assertThat(Files.exists(out.resolve("trials.db"))).as("no store is created").isFalse();
    }

    @Test
    void anUnknownDeviceNamesTheAllowedOnes() {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--device", "tpu", "--out", folder.resolve("tpu").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --device tpu is unknown; allowed: cpu, gpu, auto");
    }

    @Test
    void theDeviceReachesTheWorkersThroughTheSearchsConfiguration() throws Exception {
        Path out = folder.resolve("cpu");
        Outcome outcome = CliRun.run(INJECTOR, "search", "--device", "cpu", "--budget", "2", "--epochs", "1",
                "--final-epochs", "1", "--workers", "1", "--seed", "3", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.path("config").path("device").asText()).isEqualTo("cpu");
        assertThat(result.path("complete").asInt()).as("both trials trained in the worker").isEqualTo(2);
    }

    @Test
    void withoutTheFlagTheEngineChoosesAndHereThatIsTheCpu() throws Exception {
        Path out = folder.resolve("auto");
        Outcome outcome = CliRun.run(INJECTOR, "search", "--budget", "1", "--epochs", "1", "--final-epochs", "1",
                "--workers", "0", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(JSON.readTree(out.resolve("result.json").toFile()).path("config").path("device").asText()).isEqualTo("auto");
    }

    @Test
    void aTabularSearchRefusesTheDevice() {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--device", "cpu",
                "--out", folder.resolve("tabular").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --device needs a training backend; the tabular backend looks trials up");
    }
}
