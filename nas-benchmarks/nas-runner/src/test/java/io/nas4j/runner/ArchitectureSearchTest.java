package io.nas4j.runner;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.VolumetricGenome;
import io.nas4j.core.network.Shape;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.VolumetricSpace;
import io.nas4j.core.trial.TrialState;
import io.nas4j.executor.process.WorkerPoolExecutor;
import io.nas4j.store.jdbc.JdbcTrialStore;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Splits;
import io.nas4j.tasks.data.TensorDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed API a host uses, on its own in-memory data and its own space, with real DJL training. */
class ArchitectureSearchTest {

    private static final ClassificationTask BARS = ClassificationTask.standardized("bars",
            Splits.stratified(bars(450, 3), 0.2, 0.2, 3), Augmentation.none());
    private static final ChainSpace SPACE = new ChainSpace(new ChainSpace.Options(List.of("conv_3x3", "max_pool_3x3"),
            List.of("series", "skip"), 1, 2, List.of(8, 16), List.of(1)));

    @TempDir
    Path folder;

    @Test
    void aSearchOnTheHostsOwnDataAndSpaceTrainsTestsAndSavesTheBest() {
        SearchOutcome<ChainGenome> outcome = search(7, folder.resolve("out")).build().run();

        assertThat(outcome.search().trials()).hasSize(4).allMatch(trial -> trial.state() == TrialState.COMPLETE);
        assertThat(outcome.best()).isPresent();
        assertThat(outcome.validation()).containsKeys("accuracy", "params");
        assertThat(outcome.test().orElseThrow().accuracy()).as("bars are easy").isGreaterThan(0.6);
        assertThat(outcome.reusedFinalTraining()).isFalse();
        TrainedModel model = outcome.model().orElseThrow();
        assertThat(model.directory()).isEqualTo(folder.resolve("out").resolve("model"));
        long parameters = model.exportTo(folder.resolve("export"));
        assertThat(parameters).isEqualTo(outcome.network().orElseThrow().parameters());
        try (TrainingBackend.Model loaded = model.load()) {
            assertThat(loaded.spec().input()).isEqualTo(Shape.of(1, 8, 8));
        }
    }

    @Test
    void theTensorFlowEngineRunsTheSameSearchAndSavesASavedModel() {
        SearchOutcome<ChainGenome> outcome = search(7, folder.resolve("tf")).engine("tensorflow").budget(2).build().run();

        assertThat(outcome.search().trials()).hasSize(2).allMatch(trial -> trial.state() == TrialState.COMPLETE);
        assertThat(outcome.test().orElseThrow().accuracy()).isGreaterThan(0.4);
        assertThat(outcome.model().orElseThrow().backend().name()).isEqualTo("tensorflow");
        assertThat(folder.resolve("tf").resolve("model").resolve("saved_model.pb")).exists();
    }

    @Test
    void runAgainOnTheSameStoreItTrainsNothingAndGivesTheSameOutcome() {
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        AtomicInteger firstTrained = new AtomicInteger();
        AtomicInteger secondTrained = new AtomicInteger();

        SearchOutcome<ChainGenome> first = onStore(url, firstTrained);
        SearchOutcome<ChainGenome> second = onStore(url, secondTrained);

        assertThat(firstTrained).hasValue(4);
        assertThat(secondTrained).as("trials trained by the second run").hasValue(0);
        assertThat(second.reusedFinalTraining()).isTrue();
        assertThat(second.best()).isEqualTo(first.best());
        assertThat(second.search().trials()).extracting(TrialRecord::metrics)
                .isEqualTo(first.search().trials().stream().map(TrialRecord::metrics).toList());
        assertThat(second.test().orElseThrow().accuracy()).isEqualTo(first.test().orElseThrow().accuracy());
    }

    @Test
    void trialsInWorkerProcessesGiveTheSameSearchAsInThisJvm() {
        SearchOutcome<ChainGenome> here = search(7, folder.resolve("here")).build().run();
        WorkerPoolExecutor workers = new WorkerPoolExecutor(WorkerPoolExecutor.Settings.of(SPACE,
                TrialRecipe.of(BarsRecipe.class, "7"), 2).withJvmOptions(List.of("-Xmx1g")));

        SearchOutcome<ChainGenome> there = search(7, folder.resolve("there")).executor(workers).build().run();

        assertThat(there.search().trials()).extracting(TrialRecord::genome)
                .isEqualTo(here.search().trials().stream().map(TrialRecord::genome).toList());
        assertThat(there.search().trials()).extracting(trial -> trial.metrics().get("accuracy"))
                .isEqualTo(here.search().trials().stream().map(trial -> trial.metrics().get("accuracy")).toList());
        assertThat(there.best()).isEqualTo(here.best());
    }

    @Test
    void aStoreHoldingAnotherSearchIsRefusedNamingTheStore() {
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            search(7, folder.resolve("a")).store(store).build().run();
        }
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            assertThatThrownBy(() -> search(8, folder.resolve("b")).store(store).build().run())
                    .isInstanceOf(UserInputException.class)
                    .hasMessageStartingWith("store: it holds another search (space chain, strategy random, seed 7)");
            assertThat(store.trials()).as("nothing recorded is lost").hasSize(4);
        }
    }

    @Test
    void everySettingIsCheckedOnceNamingTheField() {
        assertThatThrownBy(() -> search(1, folder).budget(0).build())
                .isInstanceOf(UserInputException.class).hasMessage("budget must be at least 1 trial, got 0");
        assertThatThrownBy(() -> search(1, folder).objectives(Objective.maximize("f1")).build())
                .isInstanceOf(UserInputException.class)
                .hasMessage("objectives: metric 'f1' is not reported by a training search; allowed: [accuracy, activation_mb, flops, params]");
        assertThatThrownBy(() -> search(1, folder).engine("onnx").build())
                .isInstanceOf(UserInputException.class).hasMessage("engine onnx is not installed; installed: djl, tensorflow");
        assertThatThrownBy(() -> search(1, folder).strategy("annealing", Map.of()).build())
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("strategy annealing: unknown strategy annealing; allowed:");
        assertThatThrownBy(() -> ArchitectureSearch.builder(BARS, SPACE).build())
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("output:");
        assertThatThrownBy(() -> search(1, folder).training(1, 32, Double.NaN).build())
                .isInstanceOf(UserInputException.class).hasMessage("learningRate must be positive, got NaN");
        assertThat(Files.exists(folder.resolve("model"))).as("nothing ran").isFalse();
    }

    @Test
    void severalObjectivesGiveAParetoFrontOfTrainedTrials() {
        SearchOutcome<ChainGenome> outcome = search(5, folder.resolve("mo"))
                .strategy("nsga2", Map.of("population", 4))
                .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                .build().run();

        assertThat(outcome.front()).isNotEmpty().allMatch(trial -> trial.state() == TrialState.COMPLETE);
        assertThat(outcome.front()).contains(outcome.bestTrial().orElseThrow());
        for (TrialRecord member : outcome.front()) {
            assertThat(outcome.search().trials()).noneMatch(other -> dominates(other, member));
        }
    }

    @Test
    void aVolumetricSpaceSearchesThreeDimensionalDataTheSameWay() {
        ClassificationTask cubes = ClassificationTask.standardized("cubes",
                Splits.stratified(cubes(180, 5), 0.2, 0.2, 5), Augmentation.none());
        VolumetricSpace space = new VolumetricSpace(new VolumetricSpace.Options(List.of("conv_3x3x3", "max_pool_3x3x3"),
                2, List.of(4, 8), List.of(1), 4, false, 8));

        SearchOutcome<VolumetricGenome> outcome = ArchitectureSearch.builder(cubes, space)
                .engine("djl").strategy("random", Map.of()).budget(3).training(1, 16, 0.01).finalEpochs(2).seed(5)
                .output(folder.resolve("cubes")).build().run();

        assertThat(outcome.search().trials()).hasSize(3).allMatch(trial -> trial.state() == TrialState.COMPLETE);
        assertThat(outcome.test().orElseThrow().count()).isEqualTo(cubes.test().size());
        try (TrainingBackend.Model loaded = outcome.model().orElseThrow().load()) {
            assertThat(loaded.spec().input()).isEqualTo(Shape.of(1, 6, 6, 6));
        }
    }

    /** 6x6x6 volumes with a bright plane across one of the three axes: three classes, made in memory. */
    static TensorDataset cubes(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] inputs = new float[count * 216];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int axis = i % 3;
            int at = random.nextInt(6);
            labels[i] = axis;
            for (int v = 0; v < 216; v++) {
                int[] position = {v / 36, v / 6 % 6, v % 6};
                inputs[i * 216 + v] = (position[axis] == at ? 1f : 0f) + (float) random.nextGaussian() * 0.3f;
            }
        }
        return TensorDataset.of("cubes", Shape.of(1, 6, 6, 6), 3, inputs, labels);
    }

    private static boolean dominates(TrialRecord a, TrialRecord b) {
        double accuracyA = a.metrics().get("accuracy");
        double accuracyB = b.metrics().get("accuracy");
        double paramsA = a.metrics().get("params");
        double paramsB = b.metrics().get("params");
        return accuracyA >= accuracyB && paramsA <= paramsB && (accuracyA > accuracyB || paramsA < paramsB);
    }

    private SearchOutcome<ChainGenome> onStore(String url, AtomicInteger trained) {
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            return search(7, folder.resolve("out")).store(store).listener(new SearchListener() {
                @Override
                public void trialStarted(TrialRecord trial) {
                    trained.incrementAndGet();
                }
            }).build().run();
        }
    }

    static ArchitectureSearch.Builder<ChainGenome> search(long seed, Path output) {
        return ArchitectureSearch.builder(BARS, SPACE)
                .engine("djl")
                .strategy("random", Map.of())
                .budget(4)
                .training(1, 32, 0.01)
                .finalEpochs(2)
                .seed(seed)
                .output(output);
    }

    /** Noisy 8x8 images of a horizontal bar, a vertical bar or a diagonal: three classes, made in memory. */
    static TensorDataset bars(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] inputs = new float[count * 64];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % 3;
            int at = 1 + random.nextInt(6);
            labels[i] = label;
            for (int p = 0; p < 64; p++) {
                int row = p / 8;
                int column = p % 8;
                boolean on = label == 0 ? row == at : label == 1 ? column == at : row == column;
                inputs[i * 64 + p] = (on ? 1f : 0f) + (float) random.nextGaussian() * 0.3f;
            }
        }
        return TensorDataset.of("bars", Shape.of(1, 8, 8), 3, inputs, labels);
    }
}
