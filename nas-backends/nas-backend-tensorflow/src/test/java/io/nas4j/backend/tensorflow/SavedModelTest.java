package io.nas4j.backend.tensorflow;

import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.backend.tck.Bars;
import io.nas4j.backend.tck.Networks;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link TensorFlowBackend#save} writes is a SavedModel that TensorFlow's own loader reads and runs. */
class SavedModelTest {

    private static final TensorFlowBackend BACKEND = new TensorFlowBackend();

    @Test
    void tensorflowsLoaderRunsTheSavedSignatureWithTheBackendsPredictions(@TempDir Path directory) throws IOException {
        ArrayDataset train = Bars.generate("bars/train", 120, 1, 0.3);
        ArrayDataset test = Bars.generate("bars/test", 10, 2, 0.3);
        float[][] expected;
        try (TrainingBackend.Model model = BACKEND.compile(Networks.withDropout(Networks.smallCnn(), 0.2))) {
            BACKEND.train(model, train, null, TrainingPlan.adam(1, 1), TrainingBackend.EpochMonitor.none());
            expected = BACKEND.predict(model, test);
            BACKEND.save(model, directory);
        }

        assertThat(directory.resolve("saved_model.pb")).isRegularFile();
        assertThat(directory.resolve("variables").resolve("variables.index")).isRegularFile();
        try (SavedModelBundle bundle = SavedModelBundle.load(directory.toString(), SavedModelBundle.DEFAULT_TAG);
             TFloat32 input = TFloat32.tensorOf(Shape.of(test.size(), 1, 8, 8), DataBuffers.of(test.inputs(), true, false));
             Result result = bundle.function(TensorFlowBackend.SIGNATURE).call(Map.of("input", input))) {
            Signature signature = bundle.function(TensorFlowBackend.SIGNATURE).signature();
            assertThat(signature.inputNames()).containsExactly("input");
            assertThat(signature.outputNames()).containsExactly("output");
            TFloat32 output = (TFloat32) result.get("output").orElseThrow();
            assertThat(output.shape().asArray()).containsExactly(test.size(), Bars.CLASSES);
            for (int row = 0; row < test.size(); row++) {
                for (int column = 0; column < Bars.CLASSES; column++) {
                    assertThat(output.getFloat(row, column)).isEqualTo(expected[row][column]);
                }
            }
        }
    }

    @Test
    void theExportCheckRunsTheSignatureOnZeros(@TempDir Path directory) throws IOException {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            BACKEND.save(model, directory);
        }

        SavedModels.Description description = SavedModels.read(directory);

        assertThat(description.input()).containsExactly(-1L, 1L, 8L, 8L);
        assertThat(description.output()).containsExactly(1L, (long) Bars.CLASSES);
        assertThat(description.inputName()).isEqualTo("input");
        assertThat(description.outputName()).isEqualTo("output");
    }

    @Test
    void aFolderWithoutASavedModelIsAnIOException(@TempDir Path directory) {
        assertThatThrownBy(() -> SavedModels.read(directory))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds no saved_model.pb");
    }
}
