package io.nas4j.cli;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.runner.VolumetricTestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code nas search --task volumetric}: the search, the final training and the hand-designed baseline on
 * a MedMNIST-style file the test writes and on the real MRI atlas patches; tiny budgets, real training.
 */
class VolumetricSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void searchesAMedMnistFileAndComparesTheBestWithTheHandDesignedCnn() throws IOException {
        Path file = VolumetricTestData.medMnistLike(folder.resolve("tinymnist3d.npz"), 16, 12, 1);
        Path out = folder.resolve("medmnist");

        Outcome search = run("search", "--task", "volumetric", "--dataset", "medmnist3d", "--data-dir", file.toString(),
                "--budget", "2", "--epochs", "1", "--final-epochs", "2", "--workers", "0", "--seed", "3",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("best architecture: ", "baseline cnn3d (conv3-bn-relu", "searched network ");
        assertThat(search.err()).contains("training the baseline cnn3d with the search's time", "baseline cnn3d: 1/");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("task").asText()).isEqualTo("volumetric");
        assertThat(result.get("dataset").asText()).isEqualTo("medmnist3d");
        assertThat(result.get("space").asText()).isEqualTo("volumetric");
        assertThat(result.get("best").get("test").get("examples").asInt()).isEqualTo(24);
        JsonNode baseline = result.get("baseline");
        // the volumetric task's default baseline, given the search's whole wall time
        assertThat(baseline.get("name").asText()).isEqualTo("cnn3d");
        assertThat(baseline.get("budgetSeconds").asDouble()).isEqualTo(result.get("seconds").asDouble(), within(0.002));
        assertThat(baseline.get("epochs").asInt()).isBetween(1, 200);
        assertThat(baseline.get("searchedMinusBaseline").asDouble()).isEqualTo(
                result.get("best").get("test").get("accuracy").asDouble() - baseline.get("test").get("accuracy").asDouble());
        assertThat(baseline.get("parameters").asLong()).isPositive();
        assertThat(baseline.get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(baseline.get("test").get("confusion")).hasSize(2);
        assertThat(result.get("config").get("finalEpochs").asInt()).isEqualTo(2);
    }

    @Test
    void searchesTheMriAtlasPatchesFromTheSharedDataRoot() throws IOException {
        Path shared = VolumetricTestData.sharedDirectory();
        Path out = folder.resolve("atlas");

        Outcome search = run("search", "--task", "volumetric", "--data-dir", shared.toString(), "--budget", "2",
                "--epochs", "1", "--data-fraction", "0.2", "--final-epochs", "1", "--workers", "0",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("dataset").asText()).isEqualTo("mricron-atlas");
        JsonNode test = result.get("best").get("test");
        // six lobe classes, 100 spatially separate test patches each
        assertThat(test.get("confusion")).hasSize(6);
        assertThat(test.get("examples").asInt()).isEqualTo(600);
        assertThat(result.get("baseline").get("test").get("examples").asInt()).isEqualTo(600);
        assertThat(result.get("config").get("batchSize").asInt()).isEqualTo(32);
    }

    @Test
    void aVolumetricDataSetImpliesTheVolumetricTask() throws IOException {
        Path file = VolumetricTestData.medMnistLike(folder.resolve("implied.npz"), 16, 6, 2);
        Path out = folder.resolve("implied");

        Outcome search = run("search", "--dataset", "medmnist3d", "--data-dir", file.toString(), "--budget", "1",
                "--epochs", "1", "--final-epochs", "1", "--workers", "0", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(JSON.readTree(out.resolve("result.json").toFile()).get("task").asText()).isEqualTo("volumetric");
    }

    @Test
    void missingOrWrongDataIsAUsageErrorInOneLine() throws IOException {
        Path empty = Files.createDirectories(folder.resolve("empty"));
        Path file = VolumetricTestData.medMnistLike(folder.resolve("small.npz"), 16, 2, 3);

        expectUsageError("nas search: --data-dir " + folder.resolve("absent") + " does not exist or is not a folder",
                "--task", "volumetric", "--data-dir", folder.resolve("absent").toString());
        expectUsageError("nas search: --data-dir " + empty + " holds no ch2bet.nii.gz",
                "--task", "volumetric", "--data-dir", empty.toString());
        expectUsageError("nas search: --data-dir " + empty + " holds no .npz file",
                "--task", "volumetric", "--dataset", "medmnist3d", "--data-dir", empty.toString());
        expectUsageError("nas search: --data-dir is required for --dataset medmnist3d",
                "--task", "volumetric", "--dataset", "medmnist3d");
        expectUsageError("nas search: --dataset digits is unknown; allowed: mricron-atlas, medmnist3d",
                "--task", "volumetric", "--dataset", "digits");
        expectUsageError("nas search: --space nb201 builds 2D networks only; for volumes the allowed spaces are "
                + "volumetric, chain", "--task", "volumetric", "--dataset", "medmnist3d", "--data-dir", file.toString(),
                "--space", "nb201");
        expectUsageError("nas search: --space volumetric builds 3D networks and needs volumes (--task volumetric)",
                "--space", "volumetric");
    }

    private void expectUsageError(String message, String... arguments) {
        String[] args = new String[arguments.length + 5];
        args[0] = "search";
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        args[arguments.length + 1] = "--workers";
        args[arguments.length + 2] = "0";
        args[arguments.length + 3] = "--out";
        args[arguments.length + 4] = folder.resolve("bad").toString();

        Outcome outcome = run(args);

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(message);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(folder.resolve("bad").resolve("result.json")).doesNotExist();
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
