package io.nas4j.cli;

import io.nas4j.cli.CliRun.Outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NasCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());

    @TempDir
    Path folder;

    @Test
    void listShowsWhatIsInstalled() {
        Outcome outcome = run("list");

        assertThat(outcome.status()).isZero();
        assertThat(outcome.out()).contains("spaces:", "nb201", "15,625 architectures", "macro", "strategies:",
                "random", "grid", "suites:", "backends:", "tabular", "tasks:");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void benchWritesASummary() throws IOException {
        Path out = folder.resolve("bench");

        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--runs", "3", "--budget", "30",
                "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("suite").asText()).isEqualTo("nb201");
        assertThat(summary.get("budget").asInt()).isEqualTo(30);
        assertThat(summary.get("runs").asInt()).isEqualTo(3);
        assertThat(summary.get("strategies").get("random").get("checkpoints").fieldNames()).toIterable()
                .containsExactly("10", "25", "30");
        assertThat(summary.get("costUnit").asText()).isEqualTo("epochs");
        assertThat(summary.get("strategies").get("random").get("costCheckpoints").fieldNames()).toIterable()
                .containsExactly("120", "300", "360");
        assertThat(out.resolve("report.md")).exists();
        assertThat(outcome.out()).contains("random", "@30", "@360", "wrote ");
    }

    @Test
    void benchWithAnEpochBudgetStopsEveryRunAtThatCost() throws IOException {
        Path out = folder.resolve("bench");

        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random,successive-halving", "--runs", "2",
                "--budget-epochs", "1800", "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("costBudget").asDouble()).isEqualTo(1800);
        assertThat(summary.get("budget").asInt()).isEqualTo(150);
        JsonNode random = summary.get("strategies").get("random");
        assertThat(random.get("costCheckpoints").fieldNames()).toIterable()
                .containsExactly("120", "300", "600", "1200", "1800");
        assertThat(random.get("cost").get("mean").asDouble()).isEqualTo(1800);
        // successive halving: four brackets of 17 trials of 12 epochs and their best at 200, then 15 trials of 12
        assertThat(summary.get("strategies").get("successive-halving").get("cost").get("mean").asDouble())
                .isEqualTo(4 * (17 * 12 + 200) + 15 * 12);
        assertThat(outcome.out()).contains("against epochs spent", "@1800", "1796");
    }

    @Test
    void benchWithNoBudgetIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--runs", "1",
                "--data-dir", folder.toString());

        assertUsageError(outcome, "nas bench: --budget or --budget-epochs is required: a whole number of at least 1");
    }

    @Test
    void anEpochBudgetBelowOneIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--runs", "1",
                "--budget-epochs", "0", "--data-dir", folder.toString());

        assertUsageError(outcome, "nas bench: --budget-epochs must be at least 1, got 0");
    }

    @Test
    void benchReadsAConfigFileAndFlagsOverrideIt() throws IOException {
        Path config = Files.writeString(folder.resolve("bench.yaml"), """
                suite: macro
                strategies: random
                runs: 2
                budget: 1000
                out: from-config
                settings:
                  random:
                    max-retries: 3
                """);

        Outcome outcome = run("bench", "--config", config.toString(), "--budget", "12",
                "--data-dir", TestData.sharedDirectory().toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(folder.resolve("from-config/summary.json").toFile());
        assertThat(summary.get("suite").asText()).isEqualTo("macro");
        assertThat(summary.get("budget").asInt()).isEqualTo(12);
    }

    @Test
    void anUnknownStrategyIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random,annealing", "--runs", "1",
                "--budget", "10", "--data-dir", folder.toString());

        assertUsageError(outcome, "nas bench: --strategies: unknown strategy annealing; allowed: all, ");
    }

    @Test
    void aNegativeBudgetIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--runs", "1", "--budget", "-5",
                "--data-dir", folder.toString());

        assertUsageError(outcome, "nas bench: --budget must be at least 1, got -5");
    }

    @Test
    void aBudgetThatIsNoNumberIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--budget", "many");

        assertUsageError(outcome, "nas bench: Invalid value for option '--budget': 'many' is not an int");
    }

    @Test
    void anUnknownConfigFieldIsAUsageError() throws IOException {
        Path config = Files.writeString(folder.resolve("bench.json"), "{\"suite\": \"nb201\", \"trials\": 10}");

        Outcome outcome = run("bench", "--config", config.toString());

        assertUsageError(outcome, "nas bench: config " + config + ": unknown field trials; allowed: budget, ");
    }

    @Test
    void aMissingDataDirectoryIsAUsageError() {
        Path absent = folder.resolve("absent");

        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--runs", "1", "--budget", "10",
                "--data-dir", absent.toString());

        assertUsageError(outcome, "nas bench: --data-dir " + absent + " does not exist or is not a folder");
    }

    @Test
    void aDataDirectoryWithoutTheTablesIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "macro", "--strategies", "random", "--runs", "1", "--budget", "10",
                "--data-dir", folder.toString());

        assertUsageError(outcome, "nas bench: nas-bench-macro-cifar10.json is missing from " + folder);
    }

    @Test
    void anUnknownDatasetIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "nb201", "--strategies", "random", "--runs", "1", "--budget", "10",
                "--dataset", "mnist", "--data-dir", folder.toString());

        assertUsageError(outcome, "nas bench: --dataset mnist is not covered by suite nb201; allowed: cifar10, cifar100, imagenet16");
    }

    @Test
    void anUnknownSettingIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "macro", "--strategies", "random", "--runs", "1", "--budget", "10",
                "--set", "population=5", "--data-dir", TestData.directory().toString());

        assertUsageError(outcome, "nas bench: --set population: no strategy being run has this setting; random has max-retries, unique");
    }

    @Test
    void aBadSettingValueIsAUsageError() {
        Outcome outcome = run("bench", "--suite", "macro", "--strategies", "random", "--runs", "1", "--budget", "10",
                "--set", "random.max-retries=-1", "--data-dir", TestData.directory().toString());

        assertUsageError(outcome, "nas bench: --set / settings: strategy setting max-retries must be at least 0, got -1");
    }

    @Test
    void aMissingSuiteIsAUsageError() {
        Outcome outcome = run("bench", "--strategies", "random");

        assertUsageError(outcome, "nas bench: --suite is required: one of macro, macro-mo, nb201, nb201-mo, nb201-transfer");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Outcome outcome = run("bench", "--suites", "nb201");

        assertUsageError(outcome, "nas bench: Unknown options: '--suites', 'nb201' (see nas bench --help)");
    }

    @Test
    void anOutputPathThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(folder.resolve("taken"), "");

        Outcome outcome = run("bench", "--suite", "macro", "--strategies", "random", "--runs", "1", "--budget", "5",
                "--data-dir", TestData.directory().toString(), "--out", file.toString());

        assertUsageError(outcome, "nas bench: --out " + file + " exists and is not a folder");
    }

    @Test
    void aFailingRunExitsWithStatus1() {
        Outcome outcome = run("bench", "--suite", "macro", "--strategies", "broken", "--runs", "1", "--budget", "5",
                "--data-dir", TestData.directory().toString(), "--out", folder.resolve("broken").toString());

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("nas bench: the run failed: java.lang.IllegalStateException: "
                + "this strategy always fails (the stack trace is in " + folder.resolve("broken/nas-error.log") + ")"
                + System.lineSeparator());
    }

    @Test
    void noCommandIsAUsageError() {
        Outcome outcome = run();

        assertUsageError(outcome, "nas: a command is required");
    }

    @Test
    void searchWithTheTabularBackendWritesTheBestArchitecture() throws IOException {
        Path out = folder.resolve("search");

        Outcome outcome = run("search", "--backend", "tabular", "--space", "nb201", "--strategy", "random",
                "--budget", "20", "--seed", "4", "--dataset", "cifar100", "--data-dir", TestData.directory().toString(),
                "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode result = JsonMapper.builder().build().readTree(out.resolve("result.json").toFile());
        assertThat(result.get("trials").asInt()).isEqualTo(20);
        assertThat(result.get("best").get("genome").asText()).startsWith("|");
        assertThat(result.get("best").get("metrics").has("test200")).isTrue();
        assertThat(result.get("config").get("dataset").asText()).isEqualTo("cifar100");
        assertThat(result.get("config").get("seed").asLong()).isEqualTo(4);
        assertThat(outcome.out()).contains("best: |", "wrote ");
    }

    @Test
    void searchWithAnUninstalledBackendIsAUsageError() {
        Outcome outcome = run("search", "--backend", "onnx");

        assertUsageError(outcome, "nas search: --backend onnx is not installed; available: djl, tensorflow, tabular");
    }

    private static void assertUsageError(Outcome outcome, String start) {
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(start);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(outcome.out()).isEmpty();
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
