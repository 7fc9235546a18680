package io.nas4j.benchmarks.training;

import io.nas4j.core.latency.LatencyTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
