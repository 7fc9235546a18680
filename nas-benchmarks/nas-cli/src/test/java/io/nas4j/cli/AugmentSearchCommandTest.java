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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas search --augment SPEC --weight-decay X} on the embedded digits: the training recipe a search,
 * its final training and its baseline share, recorded in {@code result.json}, for searches that train their
 * candidates and for one-shot ones.
 */
class AugmentSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void aTrainedSearchRecordsItsAugmentationAndWeightDecay() throws Exception {
        Path out = folder.resolve("trained");
        Outcome search = CliRun.run(INJECTOR, "search", "--budget", "2", "--epochs", "1", "--final-epochs", "1",
                "--workers", "0", "--seed", "4", "--augment", "edge-crop=1", "--weight-decay", "0.0005",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("config").get("augment").asText()).isEqualTo("edge-crop=1");
        assertThat(result.get("config").get("weightDecay").asDouble()).isEqualTo(0.0005);
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isGreaterThan(0.1);
    }

    @Test
    void aOneShotSearchAugmentsItsSupernetFinalTrainingAndBaseline() throws Exception {
        Path out = folder.resolve("darts");
        Outcome search = CliRun.run(INJECTOR, "search", "--strategy", "darts", "--epochs", "1", "--final-epochs", "1",
                "--set", "stemChannels=4", "--seed", "2", "--augment", "crop=1,flip", "--weight-decay", "0.001",
                "--baseline", "lenet", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("config").get("augment").asText()).isEqualTo("crop=1,flip");
        assertThat(result.get("config").get("weightDecay").asDouble()).isEqualTo(0.001);
        assertThat(result.get("baseline").get("test").get("accuracy").asDouble()).isGreaterThan(0.1);
        // a one-shot search writes a report too: its best network's test accuracy against the baseline's
        assertThat(search.out()).contains("report: " + out.resolve("report.html"));
        JsonNode report = ReportWritingTest.embedded(out.resolve("report.html")).get("result");
        assertThat(report.get("test").get("value").asDouble())
                .isEqualTo(result.get("best").get("test").get("accuracy").asDouble());
        assertThat(report.get("baseline").get("name").asText()).isEqualTo("lenet");
        assertThat(report.get("baseline").get("value").asDouble())
                .isEqualTo(result.get("baseline").get("test").get("accuracy").asDouble());
    }

    @Test
    void supernetAugmentNoneTrainsTheSupernetOnTheImagesAsTheyAre() throws Exception {
        double plain = firstSupernetLoss("plain");
        double augmented = firstSupernetLoss("augmented", "--augment", "crop=1,flip");
        double kept = firstSupernetLoss("kept", "--augment", "crop=1,flip", "--set", "supernetAugment=none");

        // the same seed trains the same supernet on the same batches unless they are augmented
        assertThat(kept).isEqualTo(plain);
        assertThat(augmented).isNotEqualTo(plain);
    }

    private double firstSupernetLoss(String name, String... flags) throws Exception {
        Path out = folder.resolve(name);
        List<String> args = new ArrayList<>(List.of("search", "--strategy", "darts", "--epochs", "1", "--final-epochs",
                "1", "--set", "stemChannels=4", "--seed", "5", "--out", out.toString()));
        args.addAll(List.of(flags));
        Outcome search = CliRun.run(INJECTOR, args.toArray(String[]::new));
        assertThat(search.status()).as(search.err()).isZero();
        return JSON.readTree(out.resolve("result.json").toFile()).get("darts").get("epochs").get(0).get("weightLoss")
                .asDouble();
    }

    @Test
    void withoutTheFlagsTheDataSetsDefaultsAreRecorded() throws Exception {
        Path out = folder.resolve("defaults");
        Outcome search = CliRun.run(INJECTOR, "search", "--strategy", "darts", "--epochs", "1", "--final-epochs", "1",
                "--set", "stemChannels=4", "--seed", "2", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode config = JSON.readTree(out.resolve("result.json").toFile()).get("config");
        assertThat(config.get("augment").asText()).isEqualTo("none");
        assertThat(config.get("weightDecay").asDouble()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--augment rotate|nas search: --augment rotate is unknown; allowed: none, standard, or flip, crop=P and"
                    + " edge-crop=P joined by commas (for example edge-crop=2,flip)",
            "--augment crop=40|nas search: --augment crop=40: a crop's padding must be a whole number of pixels from 1"
                    + " to 16, got 40",
            "--weight-decay -1|nas search: --weight-decay must be 0 (none) or more, got -1.0",
            "--strategy darts --weight-decay -1|nas search: --weight-decay must be 0 (none) or more, got -1.0",
            "--strategy darts --augment spin|nas search: --augment spin is unknown; allowed: none, standard, or flip,"
                    + " crop=P and edge-crop=P joined by commas (for example edge-crop=2,flip)",
            "--task detection --augment flip|nas search: --augment flip flips and crops images; a detection search"
                    + " takes none",
            "--backend tabular --space nb201 --augment flip|nas search: --augment needs a training backend",
            "--strategy darts --set supernetAugment=maybe|nas search: --set / settings: supernetAugment must be one of"
                    + " same, none, got maybe",
    })
    void badRecipesAreUsageErrorsNamingTheFlag(String flags, String message) {
        List<String> args = new ArrayList<>(List.of("search", "--out", folder.resolve("bad").toString()));
        args.addAll(List.of(flags.split(" ")));

        Outcome outcome = CliRun.run(INJECTOR, args.toArray(String[]::new));

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(message);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(folder.resolve("bad").resolve("result.json")).doesNotExist();
    }
}
