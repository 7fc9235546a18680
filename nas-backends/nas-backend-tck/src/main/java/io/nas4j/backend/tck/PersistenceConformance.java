package io.nas4j.backend.tck;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.EpochMonitor;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Save then load: the loaded model has the same spec and parameter count and predicts exactly what the
 * saved one did, also for a network with batch-norm statistics, dropout and a 3D branch.
 *
 * <p>Extend it once per backend with {@link #backend()}.
 */
public abstract class PersistenceConformance {

    private static final ArrayDataset TRAIN = Bars.generate("bars/train", 120, 1, 0.3);
    private static final ArrayDataset TEST = Bars.generate("bars/test", 60, 3, 0.3);

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    private static TrainingPlan plan() {
        return new TrainingPlan(1, 32, TrainingPlan.Optimizer.ADAM, 1e-2, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 3);
    }

    @Test
    void aSavedModelLoadsWithIdenticalPredictions(@TempDir Path directory) throws IOException {
        assertRoundTrip(Networks.withDropout(Networks.smallCnn(), 0.3), TRAIN, TEST, directory);
    }

    @Test
    void everyOpSurvivesSaveAndLoad(@TempDir Path directory) throws IOException {
        ArrayDataset train = Bars.volumes("volumes/train", 48, 1, 0.3, 2);
        ArrayDataset test = Bars.volumes("volumes/test", 12, 2, 0.3, 2);
        assertRoundTrip(Networks.everyOp(train.inputShape(), 3), train, test, directory);
    }

    private void assertRoundTrip(NetworkSpec spec, ArrayDataset train, ArrayDataset test, Path directory)
            throws IOException {
        float[][] before;
        try (TrainingBackend.Model model = backend().compile(spec)) {
            backend().train(model, train, null, plan(), EpochMonitor.none());
            before = backend().predict(model, test);
            backend().save(model, directory);
        }
        try (TrainingBackend.Model loaded = backend().load(directory)) {
            assertThat(loaded.spec()).isEqualTo(spec);
            assertThat(loaded.parameterCount()).isEqualTo(NetworkAnalysis.of(spec).parameters());
            float[][] after = backend().predict(loaded, test);
            assertThat(after).hasDimensions(test.size(), Bars.CLASSES);
            for (int row = 0; row < before.length; row++) {
                assertThat(after[row]).as("row %d", row).containsExactly(before[row]);
            }
        }
    }

    @Test
    void aFolderWithoutAModelIsAnIOException(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("unrelated.txt"), "not a model");

        assertThatThrownBy(() -> backend().load(directory)).isInstanceOf(IOException.class);
    }
}
