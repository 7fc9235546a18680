package io.nas4j.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryFilesTest {

    private static SuiteSummary summary() {
        Map<Integer, Statistic> checkpoints = new LinkedHashMap<>();
        checkpoints.put(10, new Statistic(91.5, 0.75));
        checkpoints.put(25, new Statistic(92.25, 0.5));
        checkpoints.put(30, new Statistic(Double.NaN, Double.NaN));
        Map<String, StrategySummary> strategies = new LinkedHashMap<>();
        strategies.put("random", new StrategySummary(checkpoints, new Statistic(92.5, 0.25), 0.0125));
        return new SuiteSummary("nb201", "cifar10", "test accuracy", 30, 3, 42, strategies);
    }

    @Test
    void summaryJsonHasTheDesignedShape(@TempDir Path folder) throws IOException {
        List<Path> files = SummaryFiles.write(summary(), folder.resolve("out"));

        JsonNode root = JsonMapper.builder().build().readTree(files.get(0).toFile());
        assertThat(files.get(0).getFileName()).hasToString("summary.json");
        assertThat(root.get("suite").asText()).isEqualTo("nb201");
        assertThat(root.get("dataset").asText()).isEqualTo("cifar10");
        assertThat(root.get("budget").asInt()).isEqualTo(30);
        assertThat(root.get("runs").asInt()).isEqualTo(3);
        assertThat(root.get("seed").asLong()).isEqualTo(42);
        JsonNode random = root.get("strategies").get("random");
        assertThat(random.get("checkpoints").fieldNames()).toIterable().containsExactly("10", "25", "30");
        assertThat(random.get("checkpoints").get("25").get("mean").asDouble()).isEqualTo(92.25);
        assertThat(random.get("checkpoints").get("25").get("std").asDouble()).isEqualTo(0.5);
        assertThat(random.get("checkpoints").get("30").get("mean").isNull()).isTrue();
        assertThat(random.get("final").get("mean").asDouble()).isEqualTo(92.5);
        assertThat(random.get("overheadMsPerTrial").asDouble()).isEqualTo(0.0125);
    }

    @Test
    void theReportIsAMarkdownTableOfStrategiesByCheckpoint() {
        String report = SummaryFiles.markdown(summary());

        assertThat(report).contains("| strategy | 10 | 25 | 30 | overhead ms/trial |")
                .contains("| random | 91.50 ± 0.75 | 92.25 ± 0.50 | – | 0.013 |");
    }

    @Test
    void theHtmlReportDrawsEachStrategysAnytimeCurveWithABand(@TempDir Path folder) throws IOException {
        List<Path> files = SummaryFiles.write(summary(), folder.resolve("out"));

        assertThat(files.get(2).getFileName()).hasToString("report.html");
        String html = java.nio.file.Files.readString(files.get(2));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "data-strategy=\"random\"", "<polyline",
                "<polygon", "91.50 ± 0.75");
        // two finite checkpoints (10 and 25) make a line of two points; the NaN at 30 is left out
        String line = html.substring(html.indexOf("<polyline points=\"") + 18);
        assertThat(line.substring(0, line.indexOf('"')).split(" ")).hasSize(2);
    }
}
