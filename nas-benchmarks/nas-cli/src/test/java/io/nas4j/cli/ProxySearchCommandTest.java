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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas search --proxy P}: a black-box strategy searches with every candidate scored untrained by a
 * zero-cost proxy of the DJL backend and maximises that score; only the best by score is trained (the final
 * training) and tested. The search runs in this process, records every trial, and is deterministic.
 */
class ProxySearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();
    private static final int BUDGET = 14;

    @TempDir
    static Path runs;

    private static Outcome first;
    private static JsonNode firstResult;

    @TempDir
    Path folder;

    @BeforeAll
    static void searchOnce() throws IOException {
        first = search(runs.resolve("first"));
        firstResult = JSON.readTree(runs.resolve("first").resolve("result.json").toFile());
    }

    @Test
    void everyCandidateIsScoredUntrainedAndTheBestByScoreIsTrainedAndTested() {
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.err()).contains(BUDGET + " candidates scored untrained by naswot, in process");
        assertThat(first.out()).containsPattern("naswot \\d+\\.\\d+, test accuracy 0\\.\\d{4} \\(after 2 epochs");

        JsonNode trials = firstResult.get("trialsList");
        assertThat(trials).hasSize(BUDGET);
        List<Double> scores = new ArrayList<>();
        for (JsonNode trial : trials) {
            if (trial.get("state").asText().equals("COMPLETE")) {
                assertThat(trial.has("accuracy")).as("a scored candidate is not trained").isFalse();
                scores.add(trial.get("naswot").asDouble());
            }
        }
        assertThat(scores).hasSizeGreaterThan(BUDGET / 2);
        assertThat(scores.stream().distinct().count()).as("different cells score differently").isGreaterThan(1);

        JsonNode best = firstResult.get("best");
        double bestScore = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(best.get("validation").get("naswot").asDouble()).isEqualTo(bestScore);
        assertThat(best.get("validation").get("proxy_seconds").asDouble()).isPositive();
        assertThat(best.get("validation").has("accuracy")).isFalse();
        assertThat(best.get("test").get("accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(best.get("finalEpochsTrained").asInt()).isEqualTo(2);
        assertThat(firstResult.get("config").get("proxy").asText()).isEqualTo("naswot");
        assertThat(firstResult.get("config").get("workers").asInt()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameCandidatesAndScores() throws IOException {
        Path again = folder.resolve("again");
        Outcome second = search(again);

        assertThat(second.status()).as(second.err()).isZero();
        JsonNode secondResult = JSON.readTree(again.resolve("result.json").toFile());
        assertThat(brief(secondResult)).isEqualTo(brief(firstResult));
        assertThat(secondResult.get("best").get("genome")).isEqualTo(firstResult.get("best").get("genome"));
    }

    @Test
    void theReportRanksTrialsByTheProxy() throws IOException {
        Path report = runs.resolve("first").resolve("report.html");

        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("\"objective\":{\"name\":\"naswot\",\"maximize\":true}");
    }

    @Test
    void theTensorFlowBackendScoresAndTrainsTheBestToo() throws IOException {
        Path out = folder.resolve("tensorflow");
        Outcome search = CliRun.run(INJECTOR, "search", "--backend", "tensorflow", "--space", "nb201", "--proxy", "synflow",
                "--budget", "6", "--final-epochs", "1", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("backend").asText()).isEqualTo("tensorflow");
        assertThat(result.get("trialsList")).hasSize(6)
                .allSatisfy(trial -> assertThat(trial.get("synflow").asDouble()).isGreaterThanOrEqualTo(0));
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--proxy|jacov|--budget|2|nas search: --proxy jacov is unknown; allowed: none, synflow, grad_norm, naswot",
            "--proxy|naswot|--workers|2|nas search: --proxy scores candidates in this process; leave --workers out or set it to 0, got 2",
            "--proxy|naswot|--early-stop|curve|nas search: --early-stop curve stops training early; with --proxy no candidate trains",
            "--proxy|synflow|--backend|tabular|nas search: --proxy needs a training backend; the tabular backend looks trials up",
            "--proxy|synflow|--strategy|darts|nas search: --proxy scores candidates for a black-box strategy; --strategy darts trains a supernet instead",
            "--proxy|naswot|--task|detection|nas search: --proxy scores classification networks; detection searches train their candidates",
    })
    void badCombinationsAreUsageErrors(String flag, String value, String otherFlag, String otherValue, String message) {
        Path out = folder.resolve("bad");
        Outcome outcome = CliRun.run(INJECTOR, "search", flag, value, otherFlag, otherValue, "--out", out.toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo(message);
        assertThat(out.resolve("result.json")).doesNotExist();
    }

    private static Outcome search(Path out) {
        return CliRun.run(INJECTOR, "search", "--space", "nb201", "--proxy", "naswot", "--budget", String.valueOf(BUDGET),
                "--final-epochs", "2", "--seed", "3", "--out", out.toString());
    }

    private static List<String> brief(JsonNode result) {
        List<String> lines = new ArrayList<>();
        for (JsonNode trial : result.get("trialsList")) {
            lines.add(trial.get("genome").asText() + " " + trial.get("state").asText() + " " + trial.path("naswot").asText(""));
        }
        return lines;
    }
}
