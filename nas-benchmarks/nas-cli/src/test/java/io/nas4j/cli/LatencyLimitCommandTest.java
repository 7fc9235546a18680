package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.runner.training.LatencyTables;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas search --max-latency-ms}: candidates predicted slower than the limit (per-op lookup table of the
 * DJL backend, profiled on first use into a table file in a temporary cache folder) fail untrained naming
 * the limit; those within it train and report their latency.
 */
class LatencyLimitCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    static Path cache;

    private static String previousCache;

    @TempDir
    Path folder;

    @BeforeAll
    static void tablesInATemporaryFolder() {
        previousCache = System.getProperty(LatencyTables.CACHE_PROPERTY);
        System.setProperty(LatencyTables.CACHE_PROPERTY, cache.toString());
    }

    @AfterAll
    static void restoreTheCacheFolder() {
        if (previousCache == null) {
            System.clearProperty(LatencyTables.CACHE_PROPERTY);
        } else {
            System.setProperty(LatencyTables.CACHE_PROPERTY, previousCache);
        }
    }

    @Test
    void candidatesPredictedSlowerThanTheLimitFailUntrainedNamingTheLimit() throws Exception {
        Path out = folder.resolve("slow");
        Outcome search = run("search", "--space", "nb201", "--strategy", "random", "--budget", "2",
                "--max-latency-ms", "0.0001", "--workers", "0", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("no trial completed");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("failed").asInt()).isEqualTo(2);
        assertThat(result.get("trialsList")).allSatisfy(trial -> assertThat(trial.get("reason").asText())
                .matches("network has a predicted latency of \\d+\\.\\d{4} ms per example, more than the limit of 0.0001 ms"));
        assertThat(result.get("config").get("maxLatencyMs").asDouble()).isEqualTo(0.0001);
        assertThat(cache.resolve("djl.json")).exists();
    }

    @Test
    void candidatesWithinTheLimitTrainAndReportTheirLatency() throws Exception {
        Path out = folder.resolve("fast");
        Outcome search = run("search", "--space", "nb201", "--strategy", "random", "--budget", "2", "--epochs", "1",
                "--final-epochs", "1", "--max-latency-ms", "1000", "--workers", "0", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode best = JSON.readTree(out.resolve("result.json").toFile()).get("best");
        assertThat(best.get("validation").get("latency_ms").asDouble()).isPositive().isLessThan(1000);
        assertThat(best.get("validation").get("predicted_latency_ms").asDouble())
                .isEqualTo(best.get("validation").get("latency_ms").asDouble());
        JsonNode table = JSON.readTree(cache.resolve("djl.json").toFile());
        assertThat(table.get("backend").asText()).isEqualTo("djl");
        assertThat(table.get("milliseconds").size()).isGreaterThan(5);
    }

    @Test
    void latencyIsAnObjectiveWithoutALimit() throws Exception {
        Path out = folder.resolve("objective");
        Outcome search = run("search", "--space", "nb201", "--objectives", "accuracy,latency_ms", "--strategy", "random",
                "--budget", "3", "--epochs", "1", "--final-epochs", "1", "--final-front", "1", "--workers", "0",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("complete").asInt()).isEqualTo(3);
        assertThat(result.get("trialsList")).allSatisfy(trial -> assertThat(trial.get("latency_ms").asDouble()).isPositive());
        assertThat(result.get("front")).isNotEmpty().allSatisfy(member -> assertThat(member.get("objectives")
                .get("latency_ms").asDouble()).isEqualTo(member.get("validation").get("predicted_latency_ms").asDouble()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--max-latency-ms|-1|nas search: --max-latency-ms must be 0 (no limit) or more, got -1.0",
            "--max-latency-ms|NaN|nas search: --max-latency-ms must be 0 (no limit) or more, got NaN",
            "--max-latency-ms|fast|nas search: ",
    })
    void badLimitsAreUsageErrors(String flag, String value, String message) {
        Outcome outcome = run("search", flag, value, "--out", folder.resolve("bad").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(message).contains("--max-latency-ms");
        assertThat(Files.exists(folder.resolve("bad").resolve("result.json"))).isFalse();
    }

    @Test
    void theTabularBackendHasNoLatencyLimit() {
        Outcome outcome = run("search", "--backend", "tabular", "--max-latency-ms", "5", "--out", folder.resolve("tab").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --max-latency-ms needs a training backend; the tabular backend looks trials up");
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
