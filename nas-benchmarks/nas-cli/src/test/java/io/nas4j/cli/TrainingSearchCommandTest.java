package io.nas4j.cli;

import io.nas4j.cli.CliRun.Outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nas search} with the DJL backend on the embedded digits, and {@code nas export}: real training, tiny budgets. */
class TrainingSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void searchesTrainsTheBestAgainTestsItAndExportsIt() throws Exception {
        Path out = folder.resolve("digits");
        Outcome search = run("search", "--budget", "3", "--epochs", "2", "--final-epochs", "3", "--workers", "0",
                "--seed", "5", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("best architecture: ", "test accuracy", "wrote ");
        // the final training's progress, with an estimate of the time left after its first epoch
        assertThat(search.err()).contains("final training: 1/3 epochs, training loss ", "ETA ", "final training: 3/3 epochs");
        assertThat(search.out()).contains("report: " + out.resolve("report.html"));
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("trials").asInt()).isEqualTo(3);
        assertThat(result.get("dataset").asText()).isEqualTo("digits");
        JsonNode best = result.get("best");
        // ten classes: chance is 0.1, and three epochs of a searched network learn far more than that
        assertThat(best.get("test").get("accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(best.get("test").get("confusion")).hasSize(10);
        assertThat(best.get("test").get("examples").asInt()).isEqualTo(359);
        assertThat(best.get("validation").get("accuracy").asDouble()).isBetween(0.0, 1.0);

        Outcome export = run("export", "--out", out.toString(), "--format", "djl");
        assertThat(export.status()).as(export.err()).isZero();
        Path exported = out.resolve("export-djl");
        assertThat(exported.resolve("export.json")).exists();
        assertThat(exported.resolve("normalization.json")).exists();
        JsonNode description = JSON.readTree(exported.resolve("export.json").toFile());
        // digits are 0..16 intensities: the training mean lies inside, the deviation is a few units
        assertThat(description.get("inputNormalization").get("mean").get(0).asDouble()).isBetween(1.0, 15.0);
        assertThat(description.get("inputNormalization").get("std").get(0).asDouble()).isBetween(1.0, 10.0);
        try (TrainingBackend.Model model = new DjlBackend().load(exported)) {
            assertThat(model.parameterCount()).isEqualTo(best.get("parameters").asLong());
        }
    }

    @Test
    void runsTrialsInWorkerProcesses() throws Exception {
        Path out = folder.resolve("workers");
        Outcome search = run("search", "--budget", "2", "--epochs", "1", "--final-epochs", "1", "--workers", "1",
                "--space", "nb201", "--strategy", "random", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("complete").asInt()).isEqualTo(2);
        assertThat(result.get("config").get("workers").asInt()).isEqualTo(1);
    }

    @Test
    void candidatesOverTheMacLimitFailUntrainedNamingTheLimit() throws Exception {
        Path out = folder.resolve("macs");
        Outcome search = run("search", "--budget", "2", "--max-macs", "1000", "--workers", "0", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("no trial completed");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("failed").asInt()).isEqualTo(2);
        assertThat(result.get("trialsList")).allSatisfy(trial -> assertThat(trial.get("reason").asText())
                .matches("network has \\d+ multiply-adds per example, more than the limit of 1000"));
    }

    @Test
    void aTimeLimitCutsTheFinalTrainingToTheTimeLeft() throws Exception {
        Path out = folder.resolve("timed");
        Outcome search = run("search", "--budget", "200", "--epochs", "1", "--final-epochs", "100000", "--time-limit", "12s",
                "--workers", "0", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode best = JSON.readTree(out.resolve("result.json").toFile()).get("best");
        assertThat(best.get("finalEpochs").asInt()).isBetween(1, 99_999);
        assertThat(best.get("finalEpochsTrained").asInt()).as("re-planned from the epochs timed, never past the cap")
                .isBetween(1, 100_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--time-limit|soon|nas search: --time-limit soon is not a duration",
            "--dataset|imagenet|nas search: --dataset imagenet is unknown; allowed: digits, mnist, fashion-mnist, cifar10",
            "--space|cells|nas search: --space cells is unknown; allowed: chain, nb201, macro",
            "--workers|-1|nas search: --workers must be between 0 and 64, got -1",
            "--epochs|0|nas search: --epochs must be at least 1, got 0",
            "--learning-rate|-0.1|nas search: --learning-rate must be in (0, 10], got -0.1",
            "--task|segmentation|nas search: --task segmentation is unknown; allowed: classification, detection, volumetric",
            "--max-macs|-5|nas search: --max-macs must be 0 (no limit) or more, got -5",
            "--final-share|1.5|nas search: --final-share must be in (0, 1), got 1.5",
    })
    void badTrainingSettingsAreUsageErrorsNamingTheFlag(String flag, String value, String message) {
        Outcome outcome = run("search", flag, value, "--out", folder.resolve("bad").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(message);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(Files.exists(folder.resolve("bad").resolve("result.json"))).isFalse();
    }

    @Test
    void exportingASearchThatNeverRanIsAUsageError() {
        Outcome outcome = run("export", "--out", folder.resolve("never").toString(), "--format", "djl");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("nas export: --out ").contains("holds no result.json");
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
