package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.space.ChainSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --space-file}: {@code nas list} describes the file's space, {@code nas search} searches it. */
class SpaceFileCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();
    private static final Path EXAMPLES = Path.of(System.getProperty("nas4j.repository")).resolve("examples");

    private static final String TINY_CELL = """
            space: cell
            edges: {ops: [skip_connect, nor_conv_3x3, max_pool_3x3]}
            skeleton: {stemChannels: 8, cellsPerStage: 1}
            """;

    @TempDir
    Path folder;

    @Test
    void listPrintsTheSeedSpacesExactSizeAndASampleArchitecture() {
        Outcome list = CliRun.run(INJECTOR, "list", "--space-file", EXAMPLES.resolve("space-layer-wise.yaml").toString());

        assertThat(list.status()).as(list.err()).isZero();
        // sum over depths 1 to 10 of 432^depth, too large for a long
        assertThat(list.out()).contains("a chain space", "size: 226,904,936,703,065,833,103,035,056 architectures",
                "decisions: 41");
        String sample = list.out().lines().filter(line -> line.startsWith("  sample: ")).findFirst().orElseThrow()
                .substring("  sample: ".length());
        assertThat(new ChainSpace().parse(sample).depth()).isBetween(1, 10);
        assertThat(CliRun.run(INJECTOR, "list", "--space-file", EXAMPLES.resolve("space-layer-wise.yaml").toString()).out())
                .as("the sample is drawn with a fixed seed").isEqualTo(list.out());
    }

    @Test
    void listRefusesABadFileWithOneSentenceNamingTheField() throws Exception {
        Path bad = Files.writeString(folder.resolve("my.yaml"), """
                space: chain
                layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [0, 16], strides: [1]}
                """);

        Outcome list = CliRun.run(INJECTOR, "list", "--space-file", bad.toString());

        assertThat(list.status()).isEqualTo(2);
        assertThat(list.err()).isEqualTo("nas list: space file " + bad + ": layers.channels must be a list of positive"
                + " integers, got [0, 16]" + System.lineSeparator());
        assertThat(list.out()).isEmpty();
    }

    @Test
    void searchRunsOnTheSeedsLayerWiseSpaceAndWritesATestAccuracy() throws Exception {
        Path out = folder.resolve("seed");

        Outcome search = CliRun.run(INJECTOR, "search", "--space-file", EXAMPLES.resolve("space-layer-wise.yaml").toString(),
                "--budget", "2", "--epochs", "1", "--final-epochs", "1", "--workers", "0", "--seed", "2",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("space").asText()).isEqualTo("chain");
        assertThat(result.get("spaceFile").asText()).endsWith("space-layer-wise.yaml");
        assertThat(result.get("dataset").asText()).isEqualTo("digits");
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.get("config").get("spaceFile").get("text").asText())
                .isEqualTo(Files.readString(EXAMPLES.resolve("space-layer-wise.yaml")));
        // a genome of the full space, which the digits preset (at most 64 channels) would not hold
        new ChainSpace().parse(result.get("best").get("genome").asText());
    }

    @Test
    void aConfigFileNamesItsSpaceFileRelativeToItselfAndTrialsRunInWorkerProcesses() throws Exception {
        Files.writeString(folder.resolve("cell.yaml"), TINY_CELL);
        Path config = Files.writeString(folder.resolve("search.yaml"), """
                spaceFile: cell.yaml
                strategy: random
                budget: 2
                epochs: 1
                finalEpochs: 1
                workers: 1
                out: runs/cell
                """);

        Outcome search = CliRun.run(INJECTOR, "search", "--config", config.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(folder.resolve("runs/cell/result.json").toFile());
        assertThat(result.get("space").asText()).isEqualTo("cell");
        assertThat(result.get("complete").asInt()).isEqualTo(2);
        assertThat(result.get("best").get("genome").asText()).doesNotContain("none", "avg_pool");
    }

    @Test
    void aBadSpaceFileStopsTheSearchBeforeAnythingRuns() throws Exception {
        Path bad = Files.writeString(folder.resolve("bad.yaml"), TINY_CELL.replace("max_pool_3x3", "sep_conv_3x3"));
        Path out = folder.resolve("search");

        Outcome search = CliRun.run(INJECTOR, "search", "--space-file", bad.toString(), "--out", out.toString());

        assertThat(search.status()).isEqualTo(2);
        assertThat(search.err()).isEqualTo("nas search: space file " + bad + ": edges.ops has an unknown edge op"
                + " sep_conv_3x3; allowed: none, skip_connect, nor_conv_KxK, avg_pool_KxK, max_pool_KxK (K odd)"
                + System.lineSeparator());
        assertThat(out).doesNotExist();
    }

    @Test
    void aSpaceFileAndANamedSpaceAreRefusedTogetherByTheirFlags() throws Exception {
        Path cell = Files.writeString(folder.resolve("cell.yaml"), TINY_CELL);

        Outcome search = CliRun.run(INJECTOR, "search", "--space-file", cell.toString(), "--space", "chain",
                "--out", folder.resolve("search").toString());

        assertThat(search.status()).isEqualTo(2);
        assertThat(search.err().strip()).isEqualTo("nas search: --space-file defines the search space; leave --space out,"
                + " got --space chain");
    }

    @Test
    void searchesThatCannotUseASpaceFileRefuseIt() throws Exception {
        Path cell = Files.writeString(folder.resolve("cell.yaml"), TINY_CELL);

        Outcome tabular = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space-file", cell.toString(),
                "--data-dir", TestData.directory().toString(), "--out", folder.resolve("tabular").toString());
        Outcome oneShot = CliRun.run(INJECTOR, "search", "--strategy", "darts", "--space-file", cell.toString(),
                "--out", folder.resolve("darts").toString());
        Outcome detection = CliRun.run(INJECTOR, "search", "--task", "detection", "--space-file", cell.toString(),
                "--out", folder.resolve("detection").toString());

        assertThat(tabular.status()).isEqualTo(2);
        assertThat(tabular.err().strip()).isEqualTo("nas search: --space-file needs a training backend; the tabular"
                + " backend looks trials up");
        assertThat(oneShot.status()).isEqualTo(2);
        assertThat(oneShot.err().strip()).startsWith("nas search: --space-file does not apply to --strategy darts");
        assertThat(detection.status()).isEqualTo(2);
        assertThat(detection.err().strip()).isEqualTo("nas search: --space-file defines chain, cell or volumetric spaces;"
                + " a detection search searches the detector space");
    }
}
