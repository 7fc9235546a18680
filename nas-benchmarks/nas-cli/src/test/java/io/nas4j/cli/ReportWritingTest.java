package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Searches and benchmarks end by writing {@code report.html}: the dashboard page with its data inside. */
class ReportWritingTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final String START = "<script id=\"nas-data\" type=\"application/json\">";

    @TempDir
    Path folder;

    @Test
    void aTabularSearchWritesAReportWithEveryTrialAndTheNetworksDrawn() throws IOException {
        Path out = folder.resolve("search");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--strategy",
                "regularized-evolution", "--budget", "25", "--seed", "2", "--data-dir", TestData.directory().toString(),
                "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("report: " + out.resolve("report.html"));
        assertThat(Files.getPosixFilePermissions(out.resolve("report.html")))
                .as("readable like the other results").isEqualTo(Files.getPosixFilePermissions(out.resolve("result.json")));
        try (var files = Files.list(out)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
        }
        JsonNode data = embedded(out.resolve("report.html"));
        JsonNode result = JsonMapper.builder().build().readTree(out.resolve("result.json").toFile());
        assertThat(data.get("view").asText()).isEqualTo("search");
        assertThat(data.get("trials")).hasSize(25);
        assertThat(data.get("best").asLong()).isEqualTo(result.get("best").get("trial").asLong());
        assertThat(data.get("trials").get(data.get("best").asInt()).get("value").asDouble())
                .isEqualTo(result.get("best").get("metrics").get("accuracy").asDouble());
        // NAS-Bench-201 rows carry no sizes: the report counts them on the decoded networks
        assertThat(data.get("pareto").get("axes").toString()).isEqualTo("[\"params\",\"flops\"]");
        assertThat(data.get("trials").get(0).get("params").asDouble()).isPositive();
        assertThat(data.get("architectures").size()).isEqualTo(25);
        assertThat(data.get("architectures").get(data.get("best").asText()).get("nodes").size()).isGreaterThan(10);
    }

    @Test
    void aBenchmarkWritesAReportOfItsSummary() throws IOException {
        Path out = folder.resolve("bench");

        Outcome outcome = CliRun.run(INJECTOR, "bench", "--suite", "nb201", "--strategies", "random,local-search",
                "--runs", "2", "--budget", "20", "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode data = embedded(out.resolve("report.html"));
        JsonNode summary = JsonMapper.builder().build().readTree(out.resolve("summary.json").toFile());
        assertThat(data.get("view").asText()).isEqualTo("bench");
        assertThat(data.get("summary")).isEqualTo(summary);
        assertThat(outcome.out()).contains("report: " + out.resolve("report.html"));
    }

    /** The JSON a report embeds. */
    static JsonNode embedded(Path report) throws IOException {
        String page = Files.readString(report);
        int start = page.indexOf(START);
        assertThat(start).as("the data element").isPositive();
        int end = page.indexOf("</script>", start);
        return JsonMapper.builder().build().readTree(page.substring(start + START.length(), end));
    }
}
