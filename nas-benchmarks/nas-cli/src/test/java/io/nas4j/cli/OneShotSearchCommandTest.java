package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.backend.tensorflow.TensorFlowBackend;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nas search --strategy darts|spos} on the embedded digits: real supernets, tiny budgets. */
class OneShotSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void dartsSearchesDerivesRetrainsTestsAndSavesTheNetwork() throws Exception {
        Path out = folder.resolve("darts");
        Outcome search = run("search", "--strategy", "darts", "--epochs", "3", "--final-epochs", "3",
                "--set", "stemChannels=4", "--seed", "2", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.err()).contains("epoch 3:", "argmax", "final training: 3/3 epochs, training loss ");
        assertThat(search.out()).contains("best architecture: |", "test accuracy", "wrote ");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("strategy").asText()).isEqualTo("darts");
        JsonNode best = result.get("best");
        assertThat(best.get("test").get("accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(best.get("test").get("examples").asInt()).isEqualTo(359);
        assertThat(best.get("genome").asText()).doesNotContain("none~0|+|none");
        assertThat(result.get("darts").get("alphas")).hasSize(6);
        assertThat(result.get("darts").get("epochs")).hasSize(3);
        assertThat(result.get("darts").get("skipsDerived").asInt()).isLessThanOrEqualTo(2);
        try (TrainingBackend.Model model = new DjlBackend().load(Path.of(best.get("model").asText()))) {
            assertThat(model.parameterCount()).isEqualTo(best.get("parameters").asLong());
        }
    }

    @Test
    void sposTrainsTheSupernetEvolvesSubnetsAndSpecialisesThemToLimits() throws Exception {
        Path out = folder.resolve("spos");
        Outcome search = run("search", "--strategy", "spos", "--space", "chain", "--epochs", "2", "--budget", "6",
                "--final-epochs", "2", "--set", "stageChannels=8,16", "--set", "layersPerStage=1",
                "--set", "limits=params:3000,macs:60000", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        JsonNode spos = result.get("spos");
        assertThat(spos.get("evaluated")).hasSize(6);
        assertThat(spos.get("specialised")).hasSize(2);
        JsonNode small = spos.get("specialised").get(0).get("best");
        assertThat(small.get("parameters").asLong()).isLessThanOrEqualTo(3000);
        assertThat(spos.get("specialised").get(1).get("best").get("macs").asLong()).isLessThanOrEqualTo(60000);
        assertThat(result.get("best").get("genome").asText()).startsWith("conv_3x3/series/8/1");
    }

    @Test
    void dartsRunsOnTheTensorflowBackendEndToEnd() throws Exception {
        Path out = folder.resolve("darts-tensorflow");
        Outcome search = run("search", "--strategy", "darts", "--backend", "tensorflow", "--epochs", "2",
                "--final-epochs", "2", "--set", "stemChannels=4", "--seed", "2", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.err()).contains("epoch 2:", "argmax");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("strategy").asText()).isEqualTo("darts");
        assertThat(result.get("darts").get("alphas")).hasSize(6);
        JsonNode best = result.get("best");
        assertThat(best.get("test").get("examples").asInt()).isEqualTo(359);
        assertThat(best.get("test").get("accuracy").asDouble()).isGreaterThan(0.1);
        try (TrainingBackend.Model model = new TensorFlowBackend().load(Path.of(best.get("model").asText()))) {
            assertThat(model.parameterCount()).isEqualTo(best.get("parameters").asLong());
        }
    }

    @Test
    void sposRunsOnTheTensorflowBackendEndToEnd() throws Exception {
        Path out = folder.resolve("spos-tensorflow");
        Outcome search = run("search", "--strategy", "spos", "--backend", "tensorflow", "--space", "chain",
                "--epochs", "1", "--budget", "4", "--final-epochs", "1", "--set", "stageChannels=8",
                "--set", "layersPerStage=1", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("spos").get("evaluated")).hasSize(4);
        assertThat(result.get("best").get("genome").asText()).startsWith("conv_3x3/series/8/1");
        assertThat(result.get("best").get("test").get("examples").asInt()).isEqualTo(359);
    }

    @Test
    void enasTrainsSharedWeightsAndItsControllerInTurnThenRetrainsTheBestSampledCell() throws Exception {
        Path out = folder.resolve("enas");
        Outcome search = run("search", "--strategy", "enas", "--budget", "4", "--epochs", "2", "--final-epochs", "1",
                "--set", "stemChannels=4", "--set", "controllerSteps=5", "--set", "rewardExamples=64",
                "--seed", "2", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.err()).contains("with enas (2 supernet epochs, 5 controller steps an epoch", "epoch 2: weight loss");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        JsonNode enas = result.get("enas");
        assertThat(enas.get("epochs")).hasSize(2).allSatisfy(epoch -> {
            assertThat(epoch.get("meanReward").asDouble()).isBetween(0.0, 1.0);
            assertThat(epoch.get("weightLoss").asDouble()).isPositive();
        });
        assertThat(enas.get("candidates").size()).as("distinct valid paths of 4 draws").isBetween(1, 4);
        double bestInherited = 0;
        for (JsonNode candidate : enas.get("candidates")) {
            bestInherited = Math.max(bestInherited, candidate.get("inheritedAccuracy").asDouble());
        }
        String chosen = result.get("best").get("path").asText();
        double chosenAccuracy = bestInherited;
        assertThat(enas.get("candidates")).as("the best candidate is the one retrained").anySatisfy(candidate -> {
            assertThat(candidate.get("path").asText()).isEqualTo(chosen);
            assertThat(candidate.get("inheritedAccuracy").asDouble()).isEqualTo(chosenAccuracy);
        });
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(out.resolve("model")).isDirectory();
    }

    @Test
    void enasRunsOnTheTensorflowBackendOnAChainSupernet() throws Exception {
        Path out = folder.resolve("enas-tensorflow");
        Outcome search = run("search", "--strategy", "enas", "--backend", "tensorflow", "--space", "chain",
                "--epochs", "1", "--budget", "3", "--final-epochs", "1", "--set", "stageChannels=8",
                "--set", "layersPerStage=1", "--set", "controllerSteps=3", "--set", "rewardExamples=64",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("enas").get("epochs")).hasSize(1);
        assertThat(result.get("best").get("test").get("examples").asInt()).isEqualTo(359);
    }

    @Test
    void theSupernetEstimatorScoresAnyStrategysCandidatesAndRetrainsTheTopTwo() throws Exception {
        Path out = folder.resolve("estimator");
        Outcome search = run("search", "--estimator", "supernet", "--strategy", "random", "--space", "chain",
                "--epochs", "1", "--budget", "5", "--retrain-top", "2", "--final-epochs", "1",
                "--set", "stageChannels=8", "--set", "layersPerStage=1", "--seed", "4", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.err()).contains("with random (1 supernet epochs, 5 subnets scored, the best 2 retrained");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        JsonNode estimator = result.get("spos");
        assertThat(estimator.get("strategy").asText()).isEqualTo("random");
        assertThat(estimator.get("evaluated")).hasSize(5);
        JsonNode retrained = estimator.get("retrained");
        assertThat(retrained).hasSize(2);
        assertThat(retrained.get(0).get("inheritedAccuracy").asDouble())
                .isGreaterThanOrEqualTo(retrained.get(1).get("inheritedAccuracy").asDouble());
        JsonNode winner = retrained.get(0).get("validationAccuracy").asDouble()
                >= retrained.get(1).get("validationAccuracy").asDouble() ? retrained.get(0) : retrained.get(1);
        assertThat(result.get("best").get("path").asText()).as("the better stand-alone one is kept")
                .isEqualTo(winner.get("description").asText());
        assertThat(result.get("config").get("retrainTop").asInt()).isEqualTo(2);
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void nsga2OnTheSupernetEstimatorTradesAccuracyAgainstParameters() throws Exception {
        Path out = folder.resolve("nsga2");
        Outcome search = run("search", "--estimator", "supernet", "--strategy", "nsga2", "--space", "chain",
                "--epochs", "1", "--budget", "6", "--final-epochs", "1", "--set", "stageChannels=8",
                "--set", "layersPerStage=1", "--set", "objectives=accuracy,params", "--set", "population=4",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode evaluated = JSON.readTree(out.resolve("result.json").toFile()).get("spos").get("evaluated");
        assertThat(evaluated).hasSize(6).allSatisfy(candidate -> assertThat(candidate.get("parameters").asLong()).isPositive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"djl", "tensorflow"})
    void dartsEnasAndTheSupernetEstimatorSearchVolumesOnTheChainSupernet(String backend) throws Exception {
        Path file = io.nas4j.runner.VolumetricTestData.medMnistLike(folder.resolve("organmnist3d.npz"), 16, 12, 1);
        for (String strategy : new String[] {"darts", "enas", "regularized-evolution"}) {
            Path out = folder.resolve("volumes-" + backend + "-" + strategy);
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("search", "--dataset", "medmnist3d",
                    "--data-dir", file.toString(), "--strategy", strategy, "--backend", backend, "--epochs", "2",
                    "--budget", "4", "--final-epochs", "1", "--batch-size", "8", "--set", "stageChannels=4", "--set",
                    "layersPerStage=1", "--out", out.toString()));
            if (strategy.equals("regularized-evolution")) {
                args.addAll(java.util.List.of("--estimator", "supernet"));
            }
            Outcome search = run(args.toArray(String[]::new));

            assertThat(search.status()).as(search.err()).isZero();
            JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
            assertThat(result.get("task").asText()).isEqualTo("volumetric");
            assertThat(result.get("backend").asText()).isEqualTo(backend);
            assertThat(result.get("space").asText()).isEqualTo("chain");
            assertThat(result.get("best").get("test").get("examples").asInt()).isEqualTo(24);
        }
    }

    @Test
    void theTimeLimitStopsTheSinglePathSupernetsTrainingAfterTheEpochThatPassesIt() throws Exception {
        Path out = folder.resolve("limited");
        Outcome search = run("search", "--strategy", "spos", "--space", "chain", "--epochs", "50", "--time-limit", "1s",
                "--budget", "2", "--final-epochs", "1", "--set", "stageChannels=8", "--set", "layersPerStage=1",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(JSON.readTree(out.resolve("result.json").toFile()).get("spos").get("epochLosses").size())
                .as("epochs trained of 50").isLessThan(50);
    }

    @Test
    void theTimeLimitCoversTheFinalTrainingAndTheBaselineGetsTheSameWallTime() throws Exception {
        Path out = folder.resolve("whole");
        Outcome search = run("search", "--strategy", "spos", "--space", "chain", "--epochs", "2", "--time-limit", "20s",
                "--budget", "2", "--final-epochs", "500", "--set", "stageChannels=8", "--set", "layersPerStage=1",
                "--baseline", "lenet", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.err()).contains("training the baseline lenet with the search's time (", "baseline lenet: 1/");
        assertThat(search.out()).contains("baseline lenet (LeNet-style: ", "searched network ");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        // 500 epochs of digits do not fit in the 40% of 20 s kept for the final training: the limit cut them
        assertThat(result.get("best").get("finalEpochsTrained").asInt()).isBetween(1, 499);
        JsonNode baseline = result.get("baseline");
        assertThat(baseline.get("name").asText()).isEqualTo("lenet");
        assertThat(baseline.get("budgetSeconds").asDouble()).isPositive();
        assertThat(baseline.get("epochs").asInt()).isBetween(1, 200);
        assertThat(baseline.get("searchedMinusBaseline").asDouble()).isEqualTo(result.get("best").get("test")
                .get("accuracy").asDouble() - baseline.get("test").get("accuracy").asDouble());
        assertThat(result.get("config").get("finalShare").asDouble()).isEqualTo(0.4);
    }

    @Test
    void aSavedSupernetIsSearchedAgainWithoutTrainingByAnotherStrategyAndSpecialised() throws Exception {
        Path saved = folder.resolve("supernet");
        Outcome first = run("search", "--strategy", "spos", "--space", "chain", "--epochs", "2", "--budget", "4",
                "--final-epochs", "1", "--set", "stageChannels=8", "--set", "layersPerStage=1", "--supernet-out",
                saved.toString(), "--out", folder.resolve("first").toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(saved.resolve("supernet.params")).isRegularFile();
        assertThat(saved.resolve("supernet.json")).isRegularFile();

        Path out = folder.resolve("again");
        Outcome again = run("search", "--estimator", "supernet", "--strategy", "local-search", "--space", "chain",
                "--budget", "5", "--final-epochs", "1", "--set", "stageChannels=8", "--set", "layersPerStage=1",
                "--set", "limits=params:3000", "--supernet-from", saved.toString(), "--out", out.toString());

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.err()).contains("(the supernet saved in " + saved.toAbsolutePath().normalize()).doesNotContain("epoch 1:");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("spos").get("epochLosses")).as("no supernet training").isEmpty();
        assertThat(result.get("spos").get("evaluated")).hasSize(5);
        assertThat(result.get("spos").get("specialised")).hasSize(1);
        assertThat(result.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);

        Outcome other = run("search", "--strategy", "spos", "--space", "chain", "--set", "stageChannels=16",
                "--set", "layersPerStage=1", "--supernet-from", saved.toString(), "--out", folder.resolve("other").toString());
        assertThat(other.status()).as(other.err()).isEqualTo(2);
        assertThat(other.err().strip()).isEqualTo("nas search: --supernet-from " + saved.toAbsolutePath().normalize()
                + " holds a supernet of stageChannels 8, this search builds one of stageChannels 16");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "--estimator supernet --strategy darts;--estimator supernet serves black-box strategies",
            "--estimator bogus;--estimator bogus is unknown",
            "--retrain-top 2;--retrain-top needs --estimator supernet",
            "--estimator supernet --strategy random --retrain-top 9 --budget 3;--retrain-top must be between 1 and --budget (3), got 9",
            "--estimator supernet --strategy nonesuch;--strategy nonesuch is unknown",
            "--estimator supernet --strategy random --workers 2;--workers does not apply to --estimator supernet",
            "--estimator supernet --strategy random --set objectives=accuracy,latency;objectives",
            "--strategy darts --task volumetric --space nb201;--space nb201 has a 2D cell supernet",
            "--strategy darts --supernet-out /tmp/x;--supernet-out keeps single-path supernets",
            "--strategy spos --supernet-from /nonexistent/dir;--supernet-from /nonexistent/dir holds no saved supernet"})
    void badEstimatorInputIsOneLineAndExitStatusTwo(String arguments, String named) {
        String[] args = (arguments + " --out " + folder.resolve("bad")).split(" ");
        String[] all = new String[args.length + 1];
        all[0] = "search";
        System.arraycopy(args, 0, all, 1, args.length);
        Outcome outcome = run(all);

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).contains(named);
        assertThat(outcome.err().strip().lines()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "--strategy darts --task detection;classification",
            "--strategy darts --space macro;--space",
            "--strategy spos --set maxSkips=two;maxSkips",
            "--strategy darts --set unknown=1;unknown",
            "--strategy darts --set limits=params:x;limits",
            "--strategy darts --dataset imagenet;--dataset",
            "--strategy darts --epochs 4 --set warmupEpochs=4;warmupEpochs",
            "--strategy spos --batch-size 1;--batch-size",
            "--strategy enas --set controllerSteps=0;controllerSteps",
            "--strategy enas --set controllerLearningRate=-1;controllerLearningRate",
            "--strategy darts --workers 2;--workers does not apply to --strategy darts",
            "--strategy spos --store sqlite:/tmp/x.db;--store does not apply to --strategy spos",
            "--strategy darts --max-latency-ms 2;--max-latency-ms does not apply",
            "--strategy spos --early-stop curve;--early-stop does not apply",
            "--strategy darts --width-multiplier 0.5;--width-multiplier does not apply",
            "--strategy darts --proxy naswot;--proxy scores candidates for a black-box strategy"})
    void badInputIsOneLineAndExitStatusTwo(String arguments, String named) {
        Outcome outcome = run(("search " + arguments + " --out " + folder.resolve("bad")).split(" "));

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).contains(named).doesNotContain("Exception", "\tat ");
        assertThat(outcome.err().strip().lines().count()).isEqualTo(1);
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
