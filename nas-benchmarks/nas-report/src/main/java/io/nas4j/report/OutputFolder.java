package io.nas4j.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.benchmarks.suite.SummaryFiles;
import io.nas4j.core.objective.Objective;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The output folder of one search ({@code trials.db}, {@code result.json}) or one benchmark
 * ({@code summary.json}), read afresh on every call so that a dashboard follows a search that is still
 * running. Reads only: the store through a read-only connection, the JSON files as they are.
 */
public final class OutputFolder {

    /** The metric a search optimises when its configuration names no task that says otherwise. */
    static final String ACCURACY = "accuracy";
    /** Detection searches optimise mAP at IoU 0.5. */
    static final String MAP50 = "map50";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path directory;
    private final Architectures architectures;

    /**
     * @param directory     the output folder
     * @param architectures decodes the trials' genomes, for the drawings and for sizes the metrics lack
     */
    public OutputFolder(Path directory, Architectures architectures) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        this.architectures = Objects.requireNonNull(architectures, "architectures");
    }

    /** True when {@code directory} holds a search's or a benchmark's output files. */
    public static boolean isOutputFolder(Path directory) {
        return Files.isDirectory(directory) && (Files.isRegularFile(directory.resolve(StoredSearch.FILE))
                || Files.isRegularFile(directory.resolve(ReportFile.RESULT_FILE))
                || Files.isRegularFile(directory.resolve(SummaryFiles.JSON_FILE)));
    }

    public Path directory() {
        return directory;
    }

    public Architectures architectures() {
        return architectures;
    }

    /**
     * The search's configuration as its store keeps it (the {@code config} attribute), else as
     * {@code result.json} holds it; empty for a benchmark or when neither can be read.
     */
    public Optional<JsonNode> config() {
        Optional<StoreSnapshot> store = StoreSnapshot.read(directory);
        if (store.isPresent()) {
            return store.get().attribute(StoredSearch.CONFIG).flatMap(OutputFolder::parse);
        }
        return readJson(ReportFile.RESULT_FILE).map(result -> result.get("config")).filter(JsonNode::isObject);
    }

    /** The kind of search its store records ({@code training} or {@code tabular}), when there is a store. */
    public Optional<String> kind() {
        return StoreSnapshot.read(directory).flatMap(store -> store.attribute(StoredSearch.KIND));
    }

    /** What the dashboard draws, read now. */
    public ObjectNode dashboard() {
        Optional<StoreSnapshot> store = StoreSnapshot.read(directory);
        Optional<JsonNode> result = readJson(ReportFile.RESULT_FILE);
        if (store.isEmpty() && result.isEmpty()) {
            Optional<JsonNode> summary = readJson(SummaryFiles.JSON_FILE);
            if (summary.isPresent()) {
                return DashboardData.bench(benchTitle(summary.get()), directory, summary.get());
            }
            throw new IllegalStateException(directory + " holds no " + StoredSearch.FILE + ", " + ReportFile.RESULT_FILE
                    + " or " + SummaryFiles.JSON_FILE);
        }
        // the finished search's resolved configuration (defaults filled in), else the one its store was given
        JsonNode config = result.map(r -> r.get("config")).filter(JsonNode::isObject)
                .or(() -> store.flatMap(s -> s.attribute(StoredSearch.CONFIG)).flatMap(OutputFolder::parse))
                .orElse(null);
        List<DashboardData.Row> rows = store.map(s -> DashboardData.rows(s.trials()))
                .orElseGet(() -> DashboardData.rows(result.get().path("trialsList")));
        return DashboardData.search(searchTitle(config), directory, rows, config, result.orElse(null),
                objective(config), architectures);
    }

    /** The drawing of trial {@code id}'s network; empty when there is no such trial. */
    public Optional<ObjectNode> architecture(long id) {
        Optional<String> genome = StoreSnapshot.read(directory)
                .flatMap(store -> store.trials().stream().filter(trial -> trial.id() == id).findFirst())
                .map(trial -> trial.genome())
                .or(() -> readJson(ReportFile.RESULT_FILE).flatMap(result -> {
                    for (JsonNode trial : result.path("trialsList")) {
                        if (trial.path("id").asLong(-1) == id) {
                            return Optional.of(trial.path("genome").asText(""));
                        }
                    }
                    return Optional.empty();
                }));
        return genome.map(text -> architectures.graph(text).map(DashboardData::graph)
                .orElseGet(() -> DashboardData.graphError("the network of trial " + id + " cannot be drawn: "
                        + architectures.unavailable().orElse("its genome does not decode in the search's space"))));
    }

    /** The objective of a search with this configuration. */
    static Objective objective(JsonNode config) {
        boolean detection = config != null && "detection".equals(config.path("task").asText(null));
        String proxy = config == null ? null : config.path("proxy").asText(null);
        if (!detection && proxy != null && !proxy.equals("none")) {
            return Objective.maximize(proxy);
        }
        return Objective.maximize(detection ? MAP50 : ACCURACY);
    }

    static String searchTitle(JsonNode config) {
        if (config == null) {
            return "search";
        }
        StringBuilder title = new StringBuilder("search");
        for (String field : List.of("space", "dataset")) {
            if (config.path(field).isTextual()) {
                title.append(field.equals("space") ? " " : " on ").append(config.get(field).asText());
            }
        }
        if (config.path("strategy").isTextual()) {
            title.append(" with ").append(config.get("strategy").asText());
        }
        return title.toString();
    }

    private static String benchTitle(JsonNode summary) {
        return "benchmark " + summary.path("suite").asText("?")
                + (summary.path("dataset").isTextual() ? " on " + summary.get("dataset").asText() : "");
    }

    private Optional<JsonNode> readJson(String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            // a file being rewritten at this moment reads as absent until the next refresh
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            return Optional.of(JSON.readTree(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
