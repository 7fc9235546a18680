package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas retrain}: an architecture found on the embedded digits (8x8, 10 classes) trained from scratch on
 * an MNIST-style set the test writes (12x12, 4 classes), and the refusals. One real search serves every test.
 */
class RetrainCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    static Path shared;

    private static Path search;
    private static Path other;

    @TempDir
    Path folder;

    @BeforeAll
    static void searchTheDigitsOnce() throws IOException {
        search = shared.resolve("digits-search");
        Outcome outcome = run("search", "--budget", "3", "--epochs", "1", "--final-epochs", "1", "--workers", "0",
                "--out", search.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();
        other = Files.createDirectories(shared.resolve("mnist-like"));
        writeIdx(other.resolve("train-images-idx3-ubyte"), new int[] {240, 12, 12});
        writeIdx(other.resolve("train-labels-idx1-ubyte"), new int[] {240});
        writeIdx(other.resolve("t10k-images-idx3-ubyte"), new int[] {40, 12, 12});
        writeIdx(other.resolve("t10k-labels-idx1-ubyte"), new int[] {40});
    }

    @Test
    void theBestArchitectureTrainsOnAnotherDataSetWithItsStemAndHeadAdaptedAndExports() throws Exception {
        Path out = folder.resolve("transfer");
        Outcome retrain = run("retrain", "--from", search.toString(), "--dataset", "mnist", "--data-dir", other.toString(),
                "--epochs", "2", "--out", out.toString());

        assertThat(retrain.status()).as(retrain.err()).isZero();
        JsonNode found = JSON.readTree(search.resolve("result.json").toFile());
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("dataset").asText()).isEqualTo("mnist");
        assertThat(result.get("best").get("genome").asText()).isEqualTo(found.get("best").get("genome").asText());
        assertThat(result.get("best").get("test").get("examples").asInt()).isEqualTo(40);
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.get("best").get("finalEpochsTrained").asInt()).isEqualTo(2);
        assertThat(result.get("source").get("dataset").asText()).isEqualTo("digits");
        assertThat(result.get("source").get("trial").asLong()).isEqualTo(found.get("best").get("trial").asLong());
        assertThat(result.get("source").get("testAccuracy").asDouble())
                .isEqualTo(found.get("best").get("test").get("accuracy").asDouble());
        assertThat(result.get("source").get("inputShape").asText()).isEqualTo("[1, 8, 8]");
        assertThat(result.get("adaptation").get("inputShape").asText()).isEqualTo("[1, 12, 12]");
        assertThat(result.get("adaptation").get("classes").asInt()).isEqualTo(4);
        assertThat(result.get("adaptation").get("changes").toString())
                .contains("the body runs on 12x12 instead of 8x8")
                .contains("the classifier has 4 outputs instead of 10");
        assertThat(Path.of(result.get("best").get("model").asText())).isDirectory();
        assertThat(retrain.out()).contains("on mnist: test accuracy");

        Outcome export = run("export", "--out", out.toString(), "--format", "djl");
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(JSON.readTree(out.resolve("export-djl").resolve("export.json").toFile()).get("inputShape").asText())
                .isEqualTo("[1, 12, 12]");
    }

    @Test
    void anyCompletedTrialCanBeRetrainedAndTheSameSeedGivesTheSameNetwork() throws Exception {
        JsonNode found = JSON.readTree(search.resolve("result.json").toFile());
        JsonNode second = found.get("trialsList").get(1);
        assertThat(second.get("state").asText()).isEqualTo("COMPLETE");
        JsonNode[] results = new JsonNode[2];
        for (int run = 0; run < 2; run++) {
            Path out = folder.resolve("trial-" + run);
            Outcome retrain = run("retrain", "--from", search.toString(), "--trial", second.get("id").asText(),
                    "--dataset", "mnist", "--data-dir", other.toString(), "--epochs", "1", "--out", out.toString());
            assertThat(retrain.status()).as(retrain.err()).isZero();
            results[run] = JSON.readTree(out.resolve("result.json").toFile());
        }

        assertThat(results[0].get("best").get("genome").asText()).isEqualTo(second.get("genome").asText());
        assertThat(results[0].get("source").get("validationAccuracy").asDouble())
                .isEqualTo(second.get("accuracy").asDouble());
        assertThat(results[1].get("best").get("test")).isEqualTo(results[0].get("best").get("test"));
    }

    @Test
    void anArchitectureOfASpaceFileIsReadInThatSpaceFromTheTextTheSearchRecorded() throws Exception {
        Path file = folder.resolve("cells.yaml");
        Files.writeString(file, """
                space: cell
                edges:
                  ops: [skip_connect, nor_conv_1x1, nor_conv_5x5, max_pool_3x3]
                skeleton:
                  stemChannels: 8
                  cellsPerStage: 1
                """);
        Path found = folder.resolve("cells-search");
        Outcome searched = run("search", "--space-file", file.toString(), "--budget", "2", "--epochs", "1",
                "--final-epochs", "1", "--workers", "0", "--out", found.toString());
        assertThat(searched.status()).as(searched.err()).isZero();
        Files.delete(file);

        Path out = folder.resolve("cells-transfer");
        Outcome retrain = run("retrain", "--from", found.toString(), "--dataset", "mnist", "--data-dir", other.toString(),
                "--epochs", "1", "--out", out.toString());

        assertThat(retrain.status()).as(retrain.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("best").get("genome").asText())
                .isEqualTo(JSON.readTree(found.resolve("result.json").toFile()).get("best").get("genome").asText())
                .containsAnyOf("nor_conv_5x5", "max_pool_3x3", "nor_conv_1x1", "skip_connect");
        assertThat(result.get("space").asText()).isEqualTo("cell");
    }

    @Test
    void badInputIsOneSentenceAndExitStatusTwoAndWritesNothing() throws IOException {
        Path empty = Files.createDirectories(folder.resolve("empty"));
        String[][] cases = {
                {"--from", empty.toString(), "--dataset", "digits"},
                {"--from", search.toString(), "--trial", "99", "--dataset", "digits"},
                {"--from", search.toString(), "--dataset", "imagenet"},
                {"--from", search.toString(), "--dataset", "medmnist3d", "--data-dir", other.toString()},
                {"--from", search.toString(), "--dataset", "digits", "--epochs", "0"},
        };
        String[] named = {"holds no result.json", "--trial 99 is not a completed trial", "--dataset imagenet",
                "--dataset", "--epochs"};
        for (int index = 0; index < cases.length; index++) {
            Path out = folder.resolve("bad-" + index);
            String[] args = new String[cases[index].length + 3];
            args[0] = "retrain";
            System.arraycopy(cases[index], 0, args, 1, cases[index].length);
            args[args.length - 2] = "--out";
            args[args.length - 1] = out.toString();
            Outcome outcome = run(args);

            assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
            assertThat(outcome.err()).contains(named[index]).doesNotContain("Exception");
            assertThat(outcome.err().strip().lines()).hasSize(1);
            assertThat(out.resolve("result.json")).doesNotExist();
        }
    }

    @Test
    void aFolderThatHoldsAResultAlreadyIsRefused() throws IOException {
        Path out = Files.createDirectories(folder.resolve("taken"));
        Files.writeString(out.resolve("result.json"), "{}");

        Outcome outcome = run("retrain", "--from", search.toString(), "--dataset", "digits", "--out", out.toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).contains("already holds the result of a search");
        assertThat(Files.readString(out.resolve("result.json"))).isEqualTo("{}");
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }

    /** Unsigned bytes with the given dimensions; labels cycle 0..3 (four classes), pixels follow the label's pattern. */
    private static void writeIdx(Path file, int[] dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        int items = 1;
        for (int extent : dims) {
            out.writeInt(extent);
            items *= extent;
        }
        int perExample = dims.length == 1 ? 1 : items / dims[0];
        for (int item = 0; item < items; item++) {
            int example = item / perExample;
            out.writeByte(dims.length == 1 ? item % 4 : ((item % perExample) % 4 == example % 4 ? 200 : 30));
        }
        Files.write(file, bytes.toByteArray());
    }
}
