package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.config.ConfigFiles;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;
import io.nas4j.runner.VolumetricTestData;
import io.nas4j.runner.training.TrainingSearchSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas search --objectives}: a Pareto front of real trained networks, its members trained again and tested,
 * exported one by one and marked in the report; on classification, detection and volumetric data; and the
 * refusals of what a multi-objective search cannot do.
 */
class MultiObjectiveSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void nsga2FindsAFrontOfAccuracyAgainstParametersAndTestsEachMemberItTrainsAgain() throws Exception {
        Path out = folder.resolve("front");
        Outcome search = run("search", "--objectives", "accuracy,params", "--strategy", "nsga2", "--budget", "8",
                "--epochs", "1", "--final-epochs", "1", "--workers", "0", "--seed", "3", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("objectives")).extracting(JsonNode::asText).containsExactly("accuracy", "params");
        JsonNode front = result.get("front");
        assertThat(front.size()).as(front.toString()).isGreaterThanOrEqualTo(2);
        List<JsonNode> trained = members(front, true);
        assertThat(trained).hasSizeBetween(2, 3);
        for (JsonNode member : trained) {
            assertThat(member.get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(member.get("test").get("examples").asInt()).isEqualTo(359);
            assertThat(member.get("validation").get("accuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(member.get("objectives").get("params").asLong()).isEqualTo(member.get("parameters").asLong());
            assertThat(Path.of(member.get("model").asText())).isDirectory();
            assertThat(member.get("selectedAs")).isNotEmpty();
        }
        // the most accurate member is the best, kept where a one-objective search keeps it
        JsonNode best = result.get("best");
        assertThat(trained).anySatisfy(member -> {
            assertThat(member.get("trial").asLong()).isEqualTo(best.get("trial").asLong());
            assertThat(member.get("model").asText()).isEqualTo(best.get("model").asText());
            assertThat(member.get("selectedAs")).extracting(JsonNode::asText).contains("accuracy");
        });
        assertThat(trained).anySatisfy(member -> assertThat(member.get("selectedAs")).extracting(JsonNode::asText)
                .contains("params"));
        // no member dominates another
        for (JsonNode a : front) {
            for (JsonNode b : front) {
                boolean dominates = a.get("objectives").get("accuracy").asDouble() >= b.get("objectives").get("accuracy").asDouble()
                        && a.get("parameters").asLong() <= b.get("parameters").asLong()
                        && (a.get("objectives").get("accuracy").asDouble() > b.get("objectives").get("accuracy").asDouble()
                        || a.get("parameters").asLong() < b.get("parameters").asLong());
                assertThat(dominates).as("trial %s dominates trial %s", a.get("trial"), b.get("trial")).isFalse();
            }
        }
        assertThat(search.out()).contains("Pareto front over accuracy,params: " + front.size() + " networks, "
                + trained.size() + " trained again");
        assertThat(search.err()).contains("training front member trial ");

        JsonNode other = trained.stream().filter(member -> member.get("trial").asLong() != best.get("trial").asLong())
                .findFirst().orElseThrow();
        Outcome export = run("export", "--out", out.toString(), "--format", "djl", "--trial", other.get("trial").asText());
        assertThat(export.status()).as(export.err()).isZero();
        Path exported = out.resolve("export-djl-trial-" + other.get("trial").asText());
        JsonNode description = JSON.readTree(exported.resolve("export.json").toFile());
        assertThat(description.get("architecture").asText()).isEqualTo(other.get("genome").asText());
        assertThat(description.get("testAccuracy").asDouble()).isEqualTo(other.get("test").get("accuracy").asDouble());
        try (TrainingBackend.Model model = new DjlBackend().load(exported)) {
            assertThat(model.parameterCount()).isEqualTo(other.get("parameters").asLong());
        }

        String report = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        for (JsonNode member : trained) {
            assertThat(report).contains("\"retrained\":[").containsPattern("\"retrained\":\\[[^\\]]*\\b"
                    + member.get("trial").asText() + "\\b");
        }
    }

    @Test
    void aKilledMultiObjectiveSearchResumesToTheFrontOfAnUninterruptedOne() throws Exception {
        List<String> search = List.of("search", "--objectives", "accuracy,params", "--strategy", "nsga2", "--set",
                "population=4", "--budget", "10", "--epochs", "1", "--final-epochs", "1", "--final-front", "2",
                "--workers", "0", "--seed", "5");
        Path straight = folder.resolve("straight");
        Path killed = folder.resolve("killed");
        Outcome uninterrupted = run(with(search, "--out", straight.toString()));
        assertThat(uninterrupted.status()).as(uninterrupted.err()).isZero();

        Process child = KillAndResumeTest.startCli(List.of(with(search, "--out", killed.toString())),
                folder.resolve("killed.log"));
        KillAndResumeTest.waitForFinishedTrials(child, killed.resolve("trials.db"), 4);
        child.destroyForcibly();
        assertThat(child.waitFor()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(killed.resolve("result.json")).doesNotExist();

        Outcome resumed = run("resume", "--out", killed.toString());

        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming the search in " + killed.resolve("trials.db"));
        JsonNode expected = JSON.readTree(straight.resolve("result.json").toFile());
        JsonNode actual = JSON.readTree(killed.resolve("result.json").toFile());
        assertThat(actual.get("objectives")).isEqualTo(expected.get("objectives"));
        assertThat(brief(actual.get("front"))).isNotEmpty().isEqualTo(brief(expected.get("front")));
        assertThat(members(actual.get("front"), true)).allSatisfy(member ->
                assertThat(member.get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0));
    }

    /**
     * Each member's trial, architecture, objectives (measured on validation data) and whether and why it was trained
     * again; not its timings, which differ from run to run.
     */
    private static List<String> brief(JsonNode front) {
        List<String> members = new ArrayList<>();
        front.forEach(member -> members.add(member.get("trial") + " " + member.get("genome") + " "
                + member.get("objectives") + " " + member.get("trainedAgain") + " " + member.get("selectedAs")));
        return members;
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aMemberThatWasNotTrainedAgainOrIsNotOnTheFrontIsNotExported() throws Exception {
        Path out = folder.resolve("one");
        Outcome search = run("search", "--objectives", "accuracy,params", "--strategy", "random", "--final-front", "1",
                "--budget", "4", "--epochs", "1", "--final-epochs", "1", "--workers", "0", "--seed", "3",
                "--out", out.toString());
        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(members(result.get("front"), true)).hasSize(1);
        long best = result.get("best").get("trial").asLong();
        List<JsonNode> untrained = members(result.get("front"), false);
        long notOnFront = 0;
        while (contains(result.get("front"), notOnFront)) {
            notOnFront++;
        }

        Outcome absent = run("export", "--out", out.toString(), "--format", "djl", "--trial", Long.toString(notOnFront));
        assertThat(absent.status()).isEqualTo(2);
        assertThat(absent.err().strip()).isEqualTo("nas export: --trial " + notOnFront + " is not a member of the Pareto"
                + " front in " + out.resolve("result.json") + "; trained again: " + best);
        if (!untrained.isEmpty()) {
            String id = untrained.get(0).get("trial").asText();
            Outcome skipped = run("export", "--out", out.toString(), "--format", "djl", "--trial", id);
            assertThat(skipped.status()).isEqualTo(2);
            assertThat(skipped.err().strip()).startsWith("nas export: --trial " + id + " is on the Pareto front in ")
                    .endsWith("but was not trained again; trained again: " + best
                            + " (a search with a larger --final-front trains more)");
        }
    }

    @Test
    void memoryIsAnObjectivePredictedForEveryCandidateAndALimitFailsThoseOverItUntrained() throws Exception {
        Path out = folder.resolve("memory");
        Outcome search = run("search", "--objectives", "accuracy,memory_mb", "--strategy", "random", "--budget", "3",
                "--epochs", "1", "--final-epochs", "1", "--final-front", "1", "--workers", "0", "--seed", "2",
                "--out", out.toString());
        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("trialsList")).allSatisfy(trial -> assertThat(trial.get("memory_mb").asDouble()).isPositive());
        double smallest = Double.POSITIVE_INFINITY;
        for (JsonNode trial : result.get("trialsList")) {
            smallest = Math.min(smallest, trial.get("memory_mb").asDouble());
        }

        Path limited = folder.resolve("limited");
        Outcome tight = run("search", "--max-memory-mb", Double.toString(smallest / 2), "--budget", "2",
                "--workers", "0", "--seed", "2", "--out", limited.toString());
        assertThat(tight.status()).as(tight.err()).isZero();
        assertThat(tight.out()).contains("no trial completed");
        assertThat(JSON.readTree(limited.resolve("result.json").toFile()).get("trialsList")).allSatisfy(trial ->
                assertThat(trial.get("reason").asText()).matches("network needs a predicted \\d+\\.\\d{3} MB to train at"
                        + " batch 64, more than the limit of [0-9.]+ MB"));
    }

    @Test
    void aDetectionSearchKeepsAFrontOfMapAgainstMultiplyAdds() throws Exception {
        Path out = folder.resolve("detection");
        Outcome search = run("search", "--task", "detection", "--objectives", "accuracy,macs", "--strategy", "random",
                "--budget", "3", "--epochs", "1", "--final-epochs", "1", "--final-front", "2", "--workers", "0",
                "--seed", "3", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        JsonNode front = result.get("front");
        assertThat(front).isNotEmpty();
        assertThat(front).allSatisfy(member -> assertThat(member.get("objectives").get("macs").asLong())
                .isEqualTo(member.get("flops").asLong()));
        assertThat(members(front, true)).hasSizeBetween(1, 2).allSatisfy(member -> {
            assertThat(member.get("test").get("map50").asDouble()).isBetween(0.0, 1.0);
            assertThat(Path.of(member.get("model").asText())).isDirectory();
        });
        assertThat(search.out()).contains("Pareto front over accuracy,macs: ");
    }

    @Test
    void aVolumetricSearchKeepsAFrontOfAccuracyAgainstTrainingMemory() throws Exception {
        Path file = VolumetricTestData.medMnistLike(folder.resolve("tinymnist3d.npz"), 16, 12, 1);
        Path out = folder.resolve("volumetric");
        Outcome search = run("search", "--task", "volumetric", "--dataset", "medmnist3d", "--data-dir", file.toString(),
                "--objectives", "accuracy,memory_mb", "--strategy", "nsga2", "--set", "population=2", "--budget", "3",
                "--epochs", "1", "--final-epochs", "1", "--final-front", "2", "--workers", "0", "--seed", "3",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        JsonNode front = result.get("front");
        assertThat(front).isNotEmpty().allSatisfy(member ->
                assertThat(member.get("objectives").get("memory_mb").asDouble()).isPositive());
        assertThat(members(front, true)).hasSizeBetween(1, 2).allSatisfy(member ->
                assertThat(member.get("test").get("confusion")).hasSize(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--objectives|accuracy,speed|nas search: --objectives names 'speed', which is not an objective; allowed: accuracy, latency_ms, params, macs, memory_mb",
            "--objectives|params,accuracy|nas search: --objectives must be accuracy, then any of latency_ms, params, macs, memory_mb each once, got params,accuracy",
            "--objectives|accuracy,params,params|nas search: --objectives must be accuracy, then any of latency_ms, params, macs, memory_mb each once, got accuracy,params,params",
            "--max-memory-mb|0|nas search: --max-memory-mb must be a positive number of megabytes, got 0; leave it out for no limit",
            "--final-front|2|nas search: --final-front applies to a search with several --objectives, for example accuracy,params; this one has accuracy alone",
    })
    void badObjectiveSettingsAreUsageErrorsNamingTheFlag(String flag, String value, String message) {
        Outcome outcome = run("search", flag, value, "--out", folder.resolve("bad").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo(message);
        assertThat(folder.resolve("bad").resolve("trials.db")).doesNotExist();
    }

    @Test
    void aSingleObjectiveStrategyIsRefusedWithTheStrategiesThatKeepAFront() {
        Outcome outcome = run("search", "--objectives", "accuracy,params", "--out", folder.resolve("single").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --strategy regularized-evolution optimises one objective,"
                + " so it cannot search --objectives accuracy,params; choose one that keeps a Pareto front: ehvi, nsga2, random");
    }

    @Test
    void settingsThatOptimiseAccuracyAloneAreRefusedWithSeveralObjectives() {
        Outcome proxy = run("search", "--objectives", "accuracy,params", "--strategy", "nsga2", "--proxy", "synflow",
                "--out", folder.resolve("proxy").toString());
        Outcome curve = run("search", "--objectives", "accuracy,params", "--strategy", "nsga2", "--early-stop", "curve",
                "--out", folder.resolve("curve").toString());
        Outcome latency = run("search", "--task", "detection", "--objectives", "accuracy,latency_ms", "--strategy",
                "nsga2", "--out", folder.resolve("latency").toString());
        Outcome tabular = run("search", "--backend", "tabular", "--objectives", "accuracy,params", "--out",
                folder.resolve("tabular").toString());

        assertThat(List.of(proxy, curve, latency, tabular)).allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(2));
        assertThat(proxy.err().strip()).isEqualTo("nas search: --objectives accuracy,params needs trained candidates;"
                + " --proxy synflow scores one objective untrained");
        assertThat(curve.err().strip()).isEqualTo("nas search: --early-stop curve stops candidates on accuracy alone;"
                + " with --objectives accuracy,params a less accurate network may belong on the front");
        assertThat(latency.err().strip()).isEqualTo("nas search: --objectives latency_ms applies to classification and"
                + " volumetric searches, not to detection; allowed there: accuracy, params, macs, memory_mb");
        assertThat(tabular.err().strip()).startsWith("nas search: --objectives ");
    }

    @Test
    void aConfigFileGivesTheObjectivesAsAList() throws Exception {
        Path config = folder.resolve("search.yaml");
        Files.writeString(config, "objectives: [accuracy, params]\nstrategy: nsga2\nfinalFront: 1\nmaxMemoryMb: 0\n");

        Outcome outcome = run("search", "--config", config.toString(), "--out", folder.resolve("config").toString());

        // the file's values reach the same checks as flags: the memory limit of 0 is the first one refused
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --max-memory-mb must be a positive number of megabytes,"
                + " got 0; leave it out for no limit");
    }

    @Test
    void aConfigFileMayGiveTheObjectivesAsOneText() throws Exception {
        Path config = folder.resolve("search.json");
        Files.writeString(config, "{\"objectives\": \"accuracy, latency_ms,speed\", \"strategy\": \"nsga2\"}");

        Outcome outcome = run("search", "--config", config.toString(), "--out", folder.resolve("text").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --objectives names 'speed', which is not an objective;"
                + " allowed: accuracy, latency_ms, params, macs, memory_mb");
    }

    @Test
    void theExampleConfigDescribesASearchOfThreeObjectives() {
        Path file = Path.of(System.getProperty("nas4j.repository", "../..")).resolve("examples/digits-front.yaml");

        TrainingSearchSpec spec = TrainingDefaults.resolve(ConfigFiles.read(file, SearchConfig.class), "djl",
                Strategies.installed());

        assertThat(spec.objectives()).containsExactly("accuracy", "params", "memory_mb");
        assertThat(spec.strategy()).isEqualTo("nsga2");
        assertThat(spec.maxMemoryMb()).isEqualTo(50);
        assertThat(spec.finalFront()).isEqualTo(4);
    }

    private static List<JsonNode> members(JsonNode front, boolean trainedAgain) {
        List<JsonNode> members = new ArrayList<>();
        front.forEach(member -> {
            if (member.get("trainedAgain").asBoolean() == trainedAgain) {
                members.add(member);
            }
        });
        return members;
    }

    private static boolean contains(JsonNode front, long trial) {
        for (JsonNode member : front) {
            if (member.get("trial").asLong() == trial) {
                return true;
            }
        }
        return false;
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
