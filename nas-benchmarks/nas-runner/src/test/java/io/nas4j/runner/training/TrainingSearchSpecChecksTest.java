package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A host that builds a spec gets every check the command line makes, each naming the field at fault in
 * the spec's own words, and every default from one place.
 */
class TrainingSearchSpecChecksTest {

    private static UserInputException refused(TrainingSearchSpecBuilder builder) {
        return catchThrowableOfType(builder::build, UserInputException.class);
    }

    @Test
    void aDataFractionThatIsNoNumberNamesTheField() {
        UserInputException e = refused(TrainingSearchSpec.builder().dataFraction(Double.NaN));

        assertThat(e.field()).contains("dataFraction");
        assertThat(e).hasMessage("dataFraction must be in (0, 1], got NaN");
    }

    @Test
    void everyRangeIsCheckedNamingItsField() {
        assertThat(refused(TrainingSearchSpec.builder().budget(0))).hasMessage("budget must be at least 1, got 0");
        assertThat(refused(TrainingSearchSpec.builder().epochs(0))).hasMessage("epochs must be at least 1, got 0");
        assertThat(refused(TrainingSearchSpec.builder().finalEpochs(-2))).hasMessage("finalEpochs must be at least 1, got -2");
        assertThat(refused(TrainingSearchSpec.builder().batchSize(0))).hasMessage("batchSize must be at least 1, got 0");
        assertThat(refused(TrainingSearchSpec.builder().learningRate(11))).hasMessage("learningRate must be in (0, 10], got 11.0");
        assertThat(refused(TrainingSearchSpec.builder().maxParams(0))).hasMessage("maxParams must be at least 1, got 0");
        assertThat(refused(TrainingSearchSpec.builder().maxMacs(-1))).hasMessage("maxMacs must be 0 (no limit) or more, got -1");
        assertThat(refused(TrainingSearchSpec.builder().maxLatencyMs(Double.POSITIVE_INFINITY)))
                .hasMessage("maxLatencyMs must be 0 (no limit) or more, got Infinity");
        assertThat(refused(TrainingSearchSpec.builder().finalShare(0))).hasMessage("finalShare must be in (0, 1), got 0.0");
        assertThat(refused(TrainingSearchSpec.builder().widthMultiplier(1.5)))
                .hasMessage("widthMultiplier must be in (0, 1], got 1.5");
        assertThat(refused(TrainingSearchSpec.builder().workers(65))).hasMessage("workers must be between 0 and 64, got 65");
        assertThat(refused(TrainingSearchSpec.builder().timeLimit("soon")))
                .hasMessage("timeLimit soon is not a duration; write e.g. 90s, 30m, 2h or PT30M");
    }

    @Test
    void augmentationIsTheDataSetsUnlessGivenAndImagesOnly() {
        assertThat(TrainingSearchSpec.builder().build().augment()).isEqualTo("none");
        assertThat(TrainingSearchSpec.builder().dataset("cifar10", "/data").build().augment()).isEqualTo("standard");
        assertThat(TrainingSearchSpec.builder().augment(" edge-crop=2,flip").build().augment()).isEqualTo("edge-crop=2,flip");
        assertThat(TrainingSearchSpec.builder().task("detection").build().augment()).isEqualTo("none");

        UserInputException unknown = refused(TrainingSearchSpec.builder().augment("rotate"));
        assertThat(unknown.field()).contains("augment");
        assertThat(unknown).hasMessage("augment rotate is unknown; allowed: none, standard, or flip, crop=P and edge-crop=P"
                + " joined by commas (for example edge-crop=2,flip)");
        assertThat(refused(TrainingSearchSpec.builder().task("detection").augment("flip")))
                .hasMessage("augment flip flips and crops images; a detection search takes none");
    }

    @Test
    void weightDecayIsZeroUnlessGivenAndNeverNegative() {
        assertThat(TrainingSearchSpec.builder().build().weightDecay()).isZero();
        assertThat(TrainingSearch.plan(TrainingSearchSpec.builder().weightDecay(1e-4).build(), 3).weightDecay())
                .isEqualTo(1e-4);
        UserInputException e = refused(TrainingSearchSpec.builder().weightDecay(-1));
        assertThat(e.field()).contains("weightDecay");
        assertThat(e).hasMessage("weightDecay must be 0 (none) or more, got -1.0");
    }

    @Test
    void theAllowedValuesOfANamedSettingAreListed() {
        UserInputException e = refused(TrainingSearchSpec.builder().earlyStop("patience"));

        assertThat(e.field()).contains("earlyStop");
        assertThat(e).hasMessage("earlyStop patience is unknown; allowed: none, curve");
        assertThat(refused(TrainingSearchSpec.builder().optimizer("rmsprop")))
                .hasMessage("optimizer rmsprop is unknown; allowed: adam, sgd");
        assertThat(refused(TrainingSearchSpec.builder().proxy("snip"))).hasMessageStartingWith("proxy snip is unknown; allowed: none, ");
        assertThat(refused(TrainingSearchSpec.builder().strategy("annealing").knownStrategies(List.of("random"))))
                .hasMessage("strategy annealing is unknown; allowed: random");
        assertThat(refused(TrainingSearchSpec.builder().dataset("imagenet"))).hasMessage(
                "dataset imagenet is unknown; allowed: digits, mnist, fashion-mnist, cifar10");
    }

    @Test
    void settingsThatExcludeEachOtherNameBoth() {
        UserInputException workers = refused(TrainingSearchSpec.builder().proxy("synflow").workers(2));
        UserInputException volumes = refused(TrainingSearchSpec.builder().task(VolumetricData.TASK).proxy("naswot"));
        UserInputException detection = refused(TrainingSearchSpec.builder().task(DetectionSearch.TASK).maxLatencyMs(1));

        assertThat(workers.field()).contains("proxy");
        assertThat(workers).hasMessage("proxy scores candidates in this process; leave workers out or set it to 0, got 2");
        assertThat(workers.message(flag())).isEqualTo(
                "--proxy scores candidates in this process; leave --workers out or set it to 0, got 2");
        assertThat(volumes).hasMessage("proxy scores classification networks; volumetric searches train their candidates");
        assertThat(detection).hasMessage("maxLatencyMs applies to classification and volumetric searches, not to detection");
        assertThat(refused(TrainingSearchSpec.builder().proxy("synflow").earlyStop("curve")))
                .hasMessage("earlyStop curve stops training early; with proxy no candidate trains");
        assertThat(refused(TrainingSearchSpec.builder().space("volumetric")))
                .hasMessage("space volumetric builds 3D networks and needs volumes (task volumetric)");
    }

    @Test
    void aDataFolderThatIsNotThereNamesTheFieldAndTheDataSet(@TempDir Path folder) {
        UserInputException e = refused(TrainingSearchSpec.builder().dataset("medmnist3d", folder.resolve("none").toString()));

        assertThat(e.field()).contains("dataDir");
        assertThat(e).hasMessageStartingWith("dataDir " + folder.resolve("none") + " does not exist (dataset medmnist3d");
    }

    @Test
    void aFolderHoldingSeveralArchivesNamesTheDataSetByItsField(@TempDir Path folder) throws Exception {
        Files.createFile(folder.resolve("a.npz"));
        Files.createFile(folder.resolve("b.npz"));

        UserInputException e = refused(TrainingSearchSpec.builder().dataset("medmnist3d", folder.toString()));

        assertThat(e).hasMessage("dataDir " + folder + " holds 2 .npz files [a.npz, b.npz]; for dataset medmnist3d give the"
                + " .npz file itself");
        assertThat(e.message(flag())).isEqualTo("--dataDir " + folder + " holds 2 .npz files [a.npz, b.npz]; for --dataset"
                + " medmnist3d give the .npz file itself");
    }

    @Test
    void nothingGivenIsAShortSearchOnTheEmbeddedDigits() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().build();

        assertThat(spec.task()).isEqualTo("classification");
        assertThat(spec.dataset()).isEqualTo("digits");
        assertThat(spec.space()).isEqualTo("chain");
        assertThat(spec.strategy()).isEqualTo("regularized-evolution");
        assertThat(spec.backend()).isEqualTo("djl");
        assertThat(List.of(spec.budget(), spec.epochs(), spec.finalEpochs(), spec.batchSize(), spec.workers()))
                .containsExactly(20, 8, 40, 64, 0);
        assertThat(spec.learningRate()).isEqualTo(0.002);
        assertThat(spec.maxParams()).isEqualTo(5_000_000L);
        assertThat(spec.finalShare()).isEqualTo(0.4);
        assertThat(spec.settings()).as("a population sized to the budget").isEqualTo(Map.of("population", 6, "sample", 3));
    }

    @Test
    void eachTaskHasItsOwnDefaults() {
        TrainingSearchSpec mnist = TrainingSearchSpec.builder().dataset("mnist").build();
        TrainingSearchSpec proxy = TrainingSearchSpec.builder().proxy("synflow").build();
        TrainingSearchSpec detection = TrainingSearchSpec.builder().task(DetectionSearch.TASK).build();
        TrainingSearchSpec raccoon = TrainingSearchSpec.builder().task(DetectionSearch.TASK).dataset("raccoon").build();

        assertThat(List.of(mnist.budget(), mnist.epochs(), mnist.finalEpochs())).containsExactly(30, 3, 15);
        assertThat(proxy.budget()).isEqualTo(100);
        assertThat(List.of(detection.dataset(), detection.space())).containsExactly("digit-canvases", "detector");
        assertThat(List.of(detection.budget(), detection.epochs(), detection.finalEpochs(), detection.batchSize()))
                .containsExactly(10, 5, 15, 32);
        assertThat(detection.maxMacs()).isEqualTo(20_000_000L);
        assertThat(List.of(raccoon.epochs(), raccoon.finalEpochs())).containsExactly(30, 60);
    }

    @Test
    void withATimeLimitAndNoFinalEpochsTheFinalTrainingFillsTheTimeLeft() {
        TrainingSearchSpec limited = TrainingSearchSpec.builder().dataset("mnist").timeLimit("20m").build();
        TrainingSearchSpec capped = TrainingSearchSpec.builder().dataset("mnist").timeLimit("20m").finalEpochs(12).build();
        TrainingSearchSpec detection = TrainingSearchSpec.builder().task(DetectionSearch.TASK).timeLimit("5m").build();

        assertThat(limited.finalEpochs()).as("as many as fit, up to a baseline's most")
                .isEqualTo(TrainingSearchDefaults.TIME_FILLING_FINAL_EPOCHS).isEqualTo(HandDesignedBaseline.MAX_EPOCHS);
        assertThat(capped.finalEpochs()).as("a cap given is kept").isEqualTo(12);
        assertThat(detection.finalEpochs()).isEqualTo(TrainingSearchDefaults.TIME_FILLING_FINAL_EPOCHS);
    }

    @Test
    void aVolumetricSearchKeepsItsTwelveFinalEpochsUnderItsTimeLimit(@TempDir Path data) throws Exception {
        for (String file : List.of("ch2bet.nii.gz", "aal.nii.gz", "aal.nii.txt")) {
            Files.createFile(data.resolve(file)); // the spec checks that the atlas is there; nothing reads it
        }
        TrainingSearchSpec volumetric = TrainingSearchSpec.builder().task(VolumetricData.TASK).dataDir(data.toString()).build();
        TrainingSearchSpec longer = TrainingSearchSpec.builder().task(VolumetricData.TASK).dataDir(data.toString()).timeLimit("20m").build();
        TrainingSearchSpec capped = TrainingSearchSpec.builder().task(VolumetricData.TASK).dataDir(data.toString()).finalEpochs(40).build();

        assertThat(volumetric.timeLimitSeconds()).isEqualTo(TrainingSearchDefaults.VOLUMETRIC_TIME_LIMIT_SECONDS);
        assertThat(List.of(volumetric.finalEpochs(), longer.finalEpochs()))
                .as("longer training costs the searched networks test accuracy on the atlas patches")
                .containsExactly(12, 12);
        assertThat(capped.finalEpochs()).isEqualTo(40);
    }

    private static UnaryOperator<String> flag() {
        return name -> "--" + name;
    }
}
