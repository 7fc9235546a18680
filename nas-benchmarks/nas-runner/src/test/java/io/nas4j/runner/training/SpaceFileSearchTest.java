package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.UserInputException;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.CellSpace;
import io.nas4j.runner.NeuralArchitectureSearch;
import io.nas4j.runner.VolumetricTestData;
import io.nas4j.runner.space.SpaceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A search of a space defined in a file, built by a spec as a host or the command line builds it. */
class SpaceFileSearchTest {

    private static final String CELL = """
            space: cell
            edges:
              ops: [none, skip_connect, nor_conv_5x5, max_pool_3x3]
            skeleton: {stemChannels: 8, cellsPerStage: 1}
            """;

    private static final String VOLUMETRIC = """
            space: volumetric
            stem: {channels: 8, pool: true}
            layers:
              count: 2
              ops: [conv_3x3x3, depthwise_conv_5x5x5, attention_skip]
              channels: [8, 16]
              strides: [1, 2]
            final: {channels: 16}
            input: {kind: volume, minSize: 8}
            """;

    @TempDir
    Path folder;

    @Test
    void aCellSpaceFromAFileIsSearchedAndItsBestTrainedAndTested() throws Exception {
        Path file = Files.writeString(folder.resolve("cell.yaml"), CELL);
        TrainingSearchSpec spec = TrainingSearchSpec.builder().spaceFile(file).strategy("random").budget(2)
                .training(1, 1, 64, 0.002).seed(3).build();

        TrainingSearch.Outcome outcome = NeuralArchitectureSearch.create().run(spec, folder.resolve("out"));

        assertThat(spec.space()).isEqualTo("cell");
        assertThat(outcome.search().trials()).hasSize(2);
        // every edge carries one of the file's ops, and the cell string shows the six edges
        assertThat(outcome.bestGenome()).matches("(\\|?\\+?\\|(none|skip_connect|nor_conv_5x5|max_pool_3x3)~\\d)+\\|");
        assertThat(outcome.test().accuracy()).isBetween(0.0, 1.0);
        assertThat(outcome.model().resolve("network.json")).exists();
    }

    @Test
    void aVolumetricSpaceFromAFileIsSearchedOnVolumes() throws Exception {
        Path data = VolumetricTestData.medMnistLike(folder.resolve("tiny3d.npz"), 16, 6, 4);
        TrainingSearchSpec spec = TrainingSearchSpec.builder().task(VolumetricData.TASK).dataset("medmnist3d")
                .dataDir(data.toString()).spaceFile(new SpaceFile("volumes.yaml", VOLUMETRIC)).strategy("random")
                .budget(2, 0).training(1, 1, 16, 0.002).seed(4).build();

        TrainingSearch.Outcome outcome = NeuralArchitectureSearch.create().run(spec, folder.resolve("volumes"));

        assertThat(spec.space()).isEqualTo("volumetric");
        assertThat(outcome.search().trials()).hasSize(2);
        assertThat(outcome.bestGenome().split(" \\| ")).hasSize(2)
                .allMatch(layer -> layer.matches("(conv_3x3x3|depthwise_conv_5x5x5|attention_skip)/(8|16)/[12]"));
        assertThat(outcome.test().accuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void aWorkerBuildsTheSameSpaceFromTheSpecsJsonWithoutTheFile() throws Exception {
        Path file = Files.writeString(folder.resolve("cell.yaml"), CELL);
        TrainingSearchSpec spec = TrainingSearchSpec.builder().spaceFile(file).build();
        String configuration = TrainingJobFactory.configuration(spec);
        Files.delete(file);

        TrainingSearchSpec read = new JsonMapper().readValue(configuration, TrainingSearchSpec.class);
        TrialRecipe.Evaluation<?> worker = new TrainingJobFactory().create(configuration);

        assertThat(read).isEqualTo(spec);
        assertThat(read.spaceFile().text()).isEqualTo(CELL);
        assertThat(worker.space()).isInstanceOf(CellSpace.class);
        assertThat(((CellSpace) worker.space()).ops()).containsExactly("none", "skip_connect", "nor_conv_5x5", "max_pool_3x3");
        assertThat(worker.space().size()).isEqualTo(BigInteger.valueOf(4096));
    }

    @Test
    void aSpaceFileExcludesANamedSpaceAndDetection() throws Exception {
        Path file = Files.writeString(folder.resolve("cell.yaml"), CELL);

        UserInputException both = refused(TrainingSearchSpec.builder().spaceFile(file).space("chain"));
        UserInputException detection = refused(TrainingSearchSpec.builder().task(DetectionSearch.TASK).spaceFile(file));
        Path data = VolumetricTestData.medMnistLike(folder.resolve("tiny3d.npz"), 16, 2, 5);
        UserInputException volumes = refused(TrainingSearchSpec.builder().task(VolumetricData.TASK).dataset("medmnist3d")
                .dataDir(data.toString()).spaceFile(file));

        assertThat(both.field()).contains("spaceFile");
        assertThat(both).hasMessage("spaceFile defines the search space; leave space out, got space chain");
        assertThat(both.message(field -> "--" + field.replace("spaceFile", "space-file"))).isEqualTo(
                "--space-file defines the search space; leave --space out, got --space chain");
        assertThat(detection).hasMessage("spaceFile defines chain, cell or volumetric spaces; a detection search searches"
                + " the detector space");
        assertThat(volumes).hasMessage("space file " + file + ": a cell space builds 2D networks on images, and a"
                + " volumetric task's inputs are volumes; a chain or volumetric space builds 3D networks");
    }

    @Test
    void aBadFileIsRefusedWhenTheSpecIsBuiltNamingTheFieldInTheFile() throws Exception {
        Path file = Files.writeString(folder.resolve("bad.yaml"), CELL.replace("cellsPerStage: 1", "cellsPerStage: 0"));

        UserInputException bad = refused(TrainingSearchSpec.builder().spaceFile(file));

        assertThat(bad.field()).contains("spaceFile");
        assertThat(bad).hasMessage("space file " + file + ": skeleton.cellsPerStage must be a whole number from 1 to 32,"
                + " got 0");
    }

    @Test
    void theFilesInputConstraintsAreCheckedOnTheDataSetsInputs() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder()
                .spaceFile(new SpaceFile("big.yaml", CELL + "input: {minSize: 32}\n")).build();

        UserInputException small = catchThrowableOfType(() -> new TrainingSearch(Engines.installed().trainingBackends(),
                Strategies.installed()).job(spec), UserInputException.class);

        assertThat(small).hasMessage("space file big.yaml: input.minSize is 32, but data set digits has inputs of shape"
                + " [1, 8, 8]");
    }

    private static UserInputException refused(TrainingSearchSpecBuilder builder) {
        return catchThrowableOfType(builder::build, UserInputException.class);
    }
}
