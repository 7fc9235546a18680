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
        Map<Double, Statistic> costs = new LinkedHashMap<>();
        costs.put(120.0, new Statistic(91.5, 0.75));
        costs.put(300.0, new Statistic(92.0, 0.5));
        costs.put(360.0, new Statistic(92.125, 0.5));
        Map<String, StrategySummary> strategies = new LinkedHashMap<>();
        strategies.put("random", new StrategySummary(checkpoints, costs, new Statistic(92.5, 0.25),
                new Statistic(344, 16), new Statistic(28.5, 1.5), 0.0125));
        return new SuiteSummary("nb201", "cifar10", "test accuracy", 30, 3, 42, "epochs", 12, 360, strategies);
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
    void summaryJsonHasTheCurvesAgainstCostBesideThoseAgainstTrials(@TempDir Path folder) throws IOException {
        List<Path> files = SummaryFiles.write(summary(), folder.resolve("out"));

        JsonNode root = JsonMapper.builder().build().readTree(files.get(0).toFile());
        assertThat(root.get("costUnit").asText()).isEqualTo("epochs");
        assertThat(root.get("trialCost").asDouble()).isEqualTo(12);
        assertThat(root.get("costBudget").asDouble()).isEqualTo(360);
        JsonNode random = root.get("strategies").get("random");
        assertThat(random.get("costCheckpoints").fieldNames()).toIterable().containsExactly("120", "300", "360");
        assertThat(random.get("costCheckpoints").get("300").get("mean").asDouble()).isEqualTo(92.0);
        assertThat(random.get("cost").get("mean").asDouble()).isEqualTo(344);
        assertThat(random.get("trials").get("mean").asDouble()).isEqualTo(28.5);
    }

    @Test
    void aPlanWithoutACostBudgetWritesItAsNull() throws IOException {
        SuiteSummary trialsOnly = summary();
        SuiteSummary summary = new SuiteSummary(trialsOnly.suite(), trialsOnly.dataset(), trialsOnly.reported(),
                trialsOnly.budget(), trialsOnly.runs(), trialsOnly.seed(), "epochs", 12, Double.POSITIVE_INFINITY,
                trialsOnly.strategies());

        JsonNode root = JsonMapper.builder().build().readTree(SummaryFiles.json(summary));

        assertThat(root.get("costBudget").isNull()).isTrue();
        assertThat(SummaryFiles.markdown(summary)).contains("Each run had 30 trials.");
    }

    @Test
    void theReportIsAMarkdownTableOfStrategiesByCheckpoint() {
        String report = SummaryFiles.markdown(summary());

        assertThat(report).contains("| strategy | 10 | 25 | 30 | overhead ms/trial |")
                .contains("| random | 91.50 ± 0.75 | 92.25 ± 0.50 | – | 0.013 |");
    }

    @Test
    void theReportHasATableAgainstCostAfterTheOneAgainstTrials() {
        String report = SummaryFiles.markdown(summary());

        assertThat(report).contains("Each run had 360 epochs or 30 trials, whichever came first")
                .contains("| strategy | 120 | 300 | 360 | epochs per run | trials per run |")
                .contains("| random | 91.50 ± 0.75 | 92.00 ± 0.50 | 92.13 ± 0.50 | 344 ± 16 | 28.5 ± 1.5 |");
        assertThat(report.indexOf("## Against cost (epochs)")).isGreaterThan(report.indexOf("## Against trials"));
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

    @Test
    void theHtmlReportDrawsASecondChartAgainstCost(@TempDir Path folder) throws IOException {
        String html = Files.readString(SummaryFiles.write(summary(), folder.resolve("out")).get(2));

        assertThat(html).contains("aria-label=\"anytime curves against trials\"",
                "aria-label=\"anytime curves against epochs\"", "<h2>Against cost (epochs)</h2>", "92.13 ± 0.50");
        String costChart = html.substring(html.indexOf("anytime curves against epochs"));
        String line = costChart.substring(costChart.indexOf("<polyline points=\"") + 18);
        assertThat(line.substring(0, line.indexOf('"')).split(" ")).hasSize(3);
    }
}
