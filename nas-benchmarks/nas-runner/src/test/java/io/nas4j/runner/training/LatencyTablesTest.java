package io.nas4j.runner.training;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.latency.LatencyTable;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.space.CellSpace;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Latency tables as JSON files that several processes grow. */
class LatencyTablesTest {

    @TempDir
    Path folder;

    @Test
    void savesMergeWithWhatTheFileHoldsAndKeepItsEntries() {
        Path file = folder.resolve("djl.json");
        LatencyTables.save(LatencyTable.of("djl", Map.of("a", 1.0, "b", 2.0)), file);
        LatencyTables.save(LatencyTable.of("djl", Map.of("b", 5.0, "c", 3.0)), file);

        assertThat(LatencyTables.read("djl", file).entries()).isEqualTo(Map.of("a", 1.0, "b", 2.0, "c", 3.0));
    }

    @Test
    void aCalibrationIsMeasuredOnceKeptInTheFileAndScalesPredictions() {
        Path file = folder.resolve("djl.json");
        DjlBackend backend = new DjlBackend();
        CellSpace space = new CellSpace(8, 1);
        TaskHead head = ClassificationTask.digits(0).head();
        NetworkSpec network = space.decode(space.sample(new SplittableRandom(5)), head);

        LatencyPredictor calibrated = LatencyTables.calibrated(backend, file, space, head);

        Map<String, Double> calibrations = LatencyTables.calibrations("djl", file);
        assertThat(calibrations).containsOnlyKeys("nb201 1x8x8");
        double factor = calibrations.get("nb201 1x8x8");
        assertThat(factor).isPositive().isFinite().isEqualTo(calibrated.scale());
        assertThat(LatencyTables.read("djl", file).size()).as("the table grew while predicting").isPositive();
        double unscaled = new LatencyPredictor(LatencyTables.read("djl", file)).predict(network);
        assertThat(calibrated.predict(network)).isCloseTo(factor * unscaled, within(1e-9 * unscaled));

        // a factor already in the file is used as it is, without measuring again
        LatencyTables.saveCalibration("djl", "nb201 1x8x8", 3.0, folder.resolve("other.json"));
        LatencyTables.save(LatencyTables.read("djl", file), folder.resolve("other.json"));
        LatencyPredictor stored = LatencyTables.calibrated(backend, folder.resolve("other.json"), space, head);
        assertThat(stored.scale()).isEqualTo(3.0);
        assertThat(stored.predict(network)).isCloseTo(3 * unscaled, within(1e-9 * unscaled));
    }

    @Test
    void savingATableKeepsTheCalibrationsAndAFirstFactorWins() {
        Path file = folder.resolve("djl.json");
        LatencyTables.saveCalibration("djl", "chain 1x8x8", 1.5, file);
        LatencyTables.saveCalibration("djl", "chain 1x8x8", 9.0, file);
        LatencyTables.save(LatencyTable.of("djl", Map.of("a", 1.0)), file);

        assertThat(LatencyTables.calibrations("djl", file)).isEqualTo(Map.of("chain 1x8x8", 1.5));
        assertThat(LatencyTables.read("djl", file).entries()).isEqualTo(Map.of("a", 1.0));
    }

    @Test
    void aMissingFileIsAnEmptyTable() {
        assertThat(LatencyTables.read("djl", folder.resolve("none.json")).size()).isZero();
    }

    @Test
    void aTableOfAnotherBackendIsRefused() {
        Path file = folder.resolve("tensorflow.json");
        LatencyTables.save(LatencyTable.of("tensorflow", Map.of("a", 1.0)), file);

        assertThatThrownBy(() -> LatencyTables.read("djl", file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to backend tensorflow, not djl");
    }

    @Test
    void theDefaultFolderComesFromTheCacheProperty() {
        String previous = System.getProperty(LatencyTables.CACHE_PROPERTY);
        System.setProperty(LatencyTables.CACHE_PROPERTY, folder.toString());
        try {
            assertThat(LatencyTables.defaultFile("djl")).isEqualTo(folder.resolve("djl.json"));
        } finally {
            if (previous == null) {
                System.clearProperty(LatencyTables.CACHE_PROPERTY);
            } else {
                System.setProperty(LatencyTables.CACHE_PROPERTY, previous);
            }
        }
    }
}
