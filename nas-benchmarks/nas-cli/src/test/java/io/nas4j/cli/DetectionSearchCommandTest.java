package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code nas search --task detection} on the embedded digit canvases: real training, tiny budgets. */
class DetectionSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void aDetectionSearchKeepsItsTrialsInAStoreAndResumesAnInterruptedTrial() throws Exception {
        Path out = folder.resolve("stored");
        Outcome search = CliRun.run(INJECTOR, "search", "--task", "detection", "--budget", "3", "--epochs", "1",
                "--final-epochs", "1", "--workers", "0", "--seed", "3", "--out", out.toString());
        assertThat(search.status()).as(search.err()).isZero();
        Path database = out.resolve("trials.db");
        assertThat(database).exists();
        // as if the process had died while trial 2 trained: the trial is RUNNING and was never told
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE trials SET state = 'RUNNING', tell_index = -1, metrics = '{}' "
                    + "WHERE id = 2")).isEqualTo(1);
        }

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());

        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("2 finished trials kept, 1 interrupted trials to run again");
        assertThat(resumed.out()).contains("best detector: ", "test mAP@0.5 ");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("task").asText()).isEqualTo("detection");
        assertThat(result.get("complete").asInt()).isEqualTo(3);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT state, attempt, metrics FROM trials WHERE id = 2")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("state")).isEqualTo("COMPLETE");
            assertThat(row.getInt("attempt")).isEqualTo(2);
            assertThat(row.getString("metrics")).contains("map50");
        }
    }

    @Test
    void searchesDetectorsTrainsTheBestAgainAndReportsItsTestMap() throws Exception {
        Path out = folder.resolve("detection");
        Outcome search = CliRun.run(INJECTOR, "search", "--task", "detection", "--budget", "2", "--epochs", "1",
                "--final-epochs", "1", "--workers", "0", "--seed", "3", "--baseline", "single-stage",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("best detector: ", "test mAP@0.5 ", "wrote ",
                "baseline single-stage (single-stage: ", "searched detector ");
        assertThat(search.err()).contains("baseline single-stage: 1/");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("task").asText()).isEqualTo("detection");
        assertThat(result.get("dataset").asText()).isEqualTo("digit-canvases");
        assertThat(result.get("space").asText()).isEqualTo("detector");
        assertThat(result.get("trials").asInt()).isEqualTo(2);
        assertThat(result.get("classes")).hasSize(10);
        JsonNode best = result.get("best");
        assertThat(best.get("validation").get("map50").asDouble()).isBetween(0.0, 1.0);
        assertThat(best.get("test").get("map50").asDouble()).isBetween(0.0, 1.0);
        assertThat(best.get("test").get("map").asDouble()).isBetween(0.0, best.get("test").get("map50").asDouble() + 1e-9);
        assertThat(best.get("test").get("images").asInt()).isEqualTo(250);
        assertThat(best.get("test").get("perClassAp50")).hasSize(10);
        // the fixed detector, trained for the search's wall time and scored on the same test images
        JsonNode baseline = result.get("baseline");
        assertThat(baseline.get("name").asText()).isEqualTo("single-stage");
        assertThat(baseline.get("budgetSeconds").asDouble()).isEqualTo(result.get("seconds").asDouble(), within(0.002));
        assertThat(baseline.get("epochs").asInt()).isBetween(1, 200);
        assertThat(baseline.get("test").get("map50").asDouble()).isBetween(0.0, 1.0);
        assertThat(baseline.get("searchedMinusBaseline").asDouble()).isEqualTo(
                best.get("test").get("map50").asDouble() - baseline.get("test").get("map50").asDouble());
        // the report: every trial, ranked by mAP, the best detector drawn
        JsonNode report = ReportWritingTest.embedded(out.resolve("report.html"));
        assertThat(report.get("objective").get("name").asText()).isEqualTo("map50");
        assertThat(report.get("trials")).hasSize(2);
        assertThat(report.get("best").asLong()).isEqualTo(best.get("trial").asLong());
        assertThat(report.get("architectures").get(best.get("trial").asText()).get("nodes").size()).isGreaterThan(3);
        try (TrainingBackend.Model model = new DjlBackend().load(out.resolve("model"))) {
            assertThat(model.parameterCount()).isEqualTo(best.get("parameters").asLong());
            assertThat(model.spec().node(model.spec().output()).op()).isInstanceOf(Op.DetectionOutput.class);
        }

        Outcome export = CliRun.run(INJECTOR, "export", "--out", out.toString(), "--format", "djl");
        assertThat(export.status()).as(export.err()).isZero();
        JsonNode description = JSON.readTree(out.resolve("export-djl").resolve("export.json").toFile());
        assertThat(description.get("testMap50").asDouble()).isEqualTo(best.get("test").get("map50").asDouble());
        assertThat(description.get("classes")).hasSize(10);
    }

    @Test
    void withWorkersTheCandidatesAndTheFinalTrainingRunInWorkerProcesses() throws Exception {
        Path out = folder.resolve("workers");
        // a gentler rate than the detection default (Adam 0.01): this test is about where training runs, and at
        // 0.01 one final training in about six diverged here (NaN at step 32) with the same seed; CI once saw NaN
        // at step 31 at 0.003 too, so a diverged final training now trains again at half the rate (DivergenceRetry)
        Outcome search = CliRun.run(INJECTOR, "search", "--task", "detection", "--budget", "1", "--epochs", "1",
                "--final-epochs", "1", "--workers", "1", "--strategy", "random", "--learning-rate", "0.003",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode best = JSON.readTree(out.resolve("result.json").toFile()).get("best");
        assertThat(best.get("finalEpochsTrained").asInt()).isEqualTo(1);
        assertThat(best.get("test").get("perClassAp50")).hasSize(10);
        assertThat(out.resolve("model").resolve("normalization.json")).exists();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--dataset|raccoon|nas search: --data-dir is required for --dataset raccoon: the folder holding its files",
            "--dataset|pets|nas search: --dataset pets is unknown; allowed: digit-canvases, raccoon, voc, coco",
            "--space|nb201|nas search: --space nb201 is unknown; allowed: detector, chain",
    })
    void badDetectionSettingsAreUsageErrorsNamingTheFlag(String flag, String value, String message) {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--task", "detection", flag, value, "--out",
                folder.resolve("bad").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(message);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
    }

    @Test
    void aDataFolderWithoutAnnotationsIsAUsageError() throws Exception {
        Path empty = Files.createDirectories(folder.resolve("empty"));
        Outcome outcome = CliRun.run(INJECTOR, "search", "--task", "detection", "--dataset", "raccoon", "--data-dir",
                empty.toString(), "--workers", "0", "--out", folder.resolve("none").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --data-dir " + empty
                + " has no annotations/ or Annotations/ folder of Pascal VOC XML files (dataset raccoon)");
    }
}
