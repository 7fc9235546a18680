package io.nas4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.objective.Direction;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON the dashboard draws: for a search, every trial (state, objective value, metrics, size and cost,
 * fidelity, time, learning curve, genome), the best-so-far curve, the Pareto fronts of the objective
 * against parameters, multiply-adds and latency, and the final result; with several objectives also the
 * search's own front and which of its members were trained again ({@link #front}); for a benchmark, its summary.
 * The served page reads it from {@code /api/dashboard}; {@code report.html} embeds it.
 *
 * <p>Numbers that are not finite are written as {@code null} (JSON has no NaN); a trial at full fidelity
 * has {@code "fidelity": null}.
 */
public final class DashboardData {

    /** The axes a Pareto front can be drawn against: the key in a trial's JSON and the metric it comes from. */
    static final Map<String, String> AXES = axes();

    static final JsonMapper JSON = JsonMapper.builder().build();

    private DashboardData() {
    }

    /**
     * One trial as the dashboard shows it: the fields of a {@link TrialRecord}, or of an entry of
     * {@code result.json}'s {@code trialsList} when a search kept no store.
     */
    public record Row(long id, TrialState state, String genome, double fidelity, int attempt,
                      Map<String, Double> metrics, double seconds, Instant startedAt, Instant finishedAt,
                      String reason, List<Double> curve) {

        public Row {
            Objects.requireNonNull(state, "state");
            genome = genome == null ? "" : genome;
            metrics = Map.copyOf(metrics);
            reason = reason == null ? "" : reason;
            curve = List.copyOf(curve);
        }

        /** The row of a stored trial; a running trial's time is counted up to {@code now}. */
        public static Row of(TrialRecord trial, Instant now) {
            double seconds = trial.seconds();
            if (Double.isNaN(seconds) && trial.startedAt() != null && trial.state() == TrialState.RUNNING) {
                seconds = Math.max(0, (now.toEpochMilli() - trial.startedAt().toEpochMilli()) / 1000.0);
            }
            return new Row(trial.id(), trial.state(), trial.genome(), trial.fidelity(), trial.attempt(), trial.metrics(),
                    seconds, trial.startedAt(), trial.finishedAt(), trial.reason(), trial.curve());
        }

        boolean finished() {
            return state == TrialState.COMPLETE || state == TrialState.FAILED || state == TrialState.PRUNED;
        }
    }

    /** The rows of stored trials. */
    public static List<Row> rows(List<TrialRecord> trials) {
        Instant now = Instant.now();
        return trials.stream().map(trial -> Row.of(trial, now)).toList();
    }

    /**
     * The rows of {@code result.json}'s {@code trialsList}: {@code id}, {@code state}, {@code genome},
     * {@code reason}, {@code seconds}, and every other number as a metric.
     */
    public static List<Row> rows(JsonNode trialsList) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode entry : trialsList) {
            Map<String, Double> metrics = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNumber() && !List.of("id", "seconds", "attempt").contains(field.getKey())) {
                    metrics.put(field.getKey(), field.getValue().asDouble());
                }
            }
            TrialState state;
            try {
                state = TrialState.valueOf(entry.path("state").asText("COMPLETE"));
            } catch (IllegalArgumentException e) {
                state = TrialState.COMPLETE;
            }
            rows.add(new Row(entry.path("id").asLong(rows.size()), state, entry.path("genome").asText(""),
                    Double.POSITIVE_INFINITY, entry.path("attempt").asInt(1), metrics,
                    entry.path("seconds").asDouble(Double.NaN), null, null, entry.path("reason").asText(""), List.of()));
        }
        return rows;
    }

    /**
     * The dashboard of a search.
     *
     * @param title         the page's title
     * @param directory     the output folder (shown, never read here)
     * @param rows          the trials
     * @param config        the search's configuration, or null
     * @param result        {@code result.json}, or null while the search runs
     * @param objective     the metric the search optimises
     * @param architectures decodes genomes where metrics lack parameters or multiply-adds
     */
    public static ObjectNode search(String title, Path directory, List<Row> rows, JsonNode config, JsonNode result,
                                    Objective objective, Architectures architectures) {
        ObjectNode root = JSON.createObjectNode();
        root.put("view", "search");
        root.put("title", title);
        root.put("directory", directory.toAbsolutePath().normalize().toString());
        root.put("generated", Instant.now().toString());
        ObjectNode goal = root.putObject("objective");
        goal.put("name", objective.metric());
        goal.put("maximize", objective.direction() == Direction.MAXIMIZE);
        root.put("curveMetric", objective.metric());
        if (config != null && config.isObject()) {
            root.set("config", config);
            JsonNode budget = config.path("budget");
            if (budget.canConvertToInt() && budget.asInt() > 0) {
                root.put("budget", budget.asInt());
            } else {
                root.putNull("budget");
            }
        } else {
            root.putNull("config");
            root.putNull("budget");
        }
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        ArrayNode trials = root.putArray("trials");
        Map<Long, Map<String, Double>> axisValues = new LinkedHashMap<>();
        Row best = null;
        for (Row row : rows) {
            counts.merge(row.state(), 1, Integer::sum);
            double value = objective.value(row.metrics());
            Map<String, Double> axes = axisValues(row, architectures);
            axisValues.put(row.id(), axes);
            ObjectNode trial = trials.addObject();
            trial.put("id", row.id());
            trial.put("state", row.state().name());
            number(trial, "value", row.state() == TrialState.COMPLETE ? value : Double.NaN);
            AXES.keySet().forEach(axis -> number(trial, axis, axes.getOrDefault(axis, Double.NaN)));
            number(trial, "fidelity", row.fidelity());
            trial.put("attempt", row.attempt());
            number(trial, "seconds", row.seconds());
            trial.put("startedAt", row.startedAt() == null ? null : row.startedAt().toString());
            trial.put("finishedAt", row.finishedAt() == null ? null : row.finishedAt().toString());
            trial.put("genome", row.genome());
            trial.put("reason", row.reason());
            ObjectNode metrics = trial.putObject("metrics");
            new TreeMap<>(row.metrics()).forEach((name, metric) -> number(metrics, name, metric));
            ArrayNode curve = trial.putArray("curve");
            row.curve().forEach(point -> {
                if (Double.isFinite(point)) {
                    curve.add(point);
                } else {
                    curve.addNull();
                }
            });
            if (row.state() == TrialState.COMPLETE && Double.isFinite(value)
                    && (best == null || objective.better(value, objective.value(best.metrics())))) {
                best = row;
            }
        }
        ObjectNode countNode = root.putObject("counts");
        for (TrialState state : TrialState.values()) {
            countNode.put(state.name(), counts.getOrDefault(state, 0));
        }
        countNode.put("total", rows.size());
        if (best == null) {
            root.putNull("best");
        } else {
            root.put("best", best.id());
        }
        root.set("bestSoFar", bestSoFar(rows, objective));
        root.set("pareto", pareto(rows, objective, axisValues));
        root.set("result", result(result));
        if (result != null && result.path("front").isArray()) {
            root.set("front", front(result));
        }
        return root;
    }

    /**
     * A search with several objectives: its objectives' names, the trial ids of its Pareto front ({@code members})
     * and of those trained again and tested ({@code retrained}), with each retrained member's test score and why it
     * was chosen ({@code tests}: {id: {name, value, selectedAs}}).
     */
    static ObjectNode front(JsonNode result) {
        ObjectNode front = JSON.createObjectNode();
        front.set("objectives", result.path("objectives").isArray() ? result.get("objectives") : JSON.createArrayNode());
        ArrayNode members = front.putArray("members");
        ArrayNode retrained = front.putArray("retrained");
        ObjectNode tests = front.putObject("tests");
        for (JsonNode member : result.get("front")) {
            if (!member.path("trial").canConvertToLong()) {
                continue;
            }
            long id = member.get("trial").asLong();
            members.add(id);
            if (member.path("trainedAgain").asBoolean(false)) {
                retrained.add(id);
                ObjectNode test = tests.putObject(Long.toString(id));
                for (String metric : List.of("accuracy", "map50", "dice")) {
                    if (member.path("test").path(metric).isNumber()) {
                        test.put("name", metric);
                        test.put("value", member.get("test").get(metric).asDouble());
                        break;
                    }
                }
                test.set("selectedAs", member.path("selectedAs"));
            }
        }
        return front;
    }

    /** The dashboard of a benchmark: its {@code summary.json}. */
    public static ObjectNode bench(String title, Path directory, JsonNode summary) {
        ObjectNode root = JSON.createObjectNode();
        root.put("view", "bench");
        root.put("title", title);
        root.put("directory", directory.toAbsolutePath().normalize().toString());
        root.put("generated", Instant.now().toString());
        root.set("summary", summary);
        return root;
    }

    /** The drawing of a trial's network as JSON ({@code nodes}, {@code edges}, {@code width}, {@code height}). */
    public static ObjectNode graph(ArchitectureGraph graph) {
        return JSON.valueToTree(graph);
    }

    /** A drawing that could not be made, with the reason. */
    public static ObjectNode graphError(String reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", reason);
        return node;
    }

    /**
     * The points of the best-so-far curve: trials in the order they finished (by finishing time, then id);
     * for every complete one, how many trials had finished by then, its value and the best value so far.
     */
    static ArrayNode bestSoFar(List<Row> rows, Objective objective) {
        List<Row> finished = rows.stream().filter(Row::finished)
                .sorted(Comparator.comparing((Row row) -> row.finishedAt() == null ? Instant.MAX : row.finishedAt())
                        .thenComparingLong(Row::id))
                .toList();
        ArrayNode points = JSON.createArrayNode();
        double best = Double.NaN;
        int count = 0;
        for (Row row : finished) {
            count++;
            double value = objective.value(row.metrics());
            if (row.state() != TrialState.COMPLETE || !Double.isFinite(value)) {
                continue;
            }
            if (Double.isNaN(best) || objective.better(value, best)) {
                best = value;
            }
            ObjectNode point = points.addObject();
            point.put("finished", count);
            point.put("trial", row.id());
            point.put("value", value);
            point.put("best", best);
        }
        return points;
    }

    /**
     * For each axis with at least one complete trial that has a positive value on it: the ids of the
     * non-dominated complete trials (best objective for their size or cost), in increasing axis order.
     */
    static ObjectNode pareto(List<Row> rows, Objective objective, Map<Long, Map<String, Double>> axisValues) {
        ObjectNode pareto = JSON.createObjectNode();
        ArrayNode axes = pareto.putArray("axes");
        ObjectNode fronts = pareto.putObject("front");
        for (String axis : AXES.keySet()) {
            List<Row> points = rows.stream()
                    .filter(row -> row.state() == TrialState.COMPLETE && Double.isFinite(objective.value(row.metrics())))
                    .filter(row -> axisValues.get(row.id()).getOrDefault(axis, Double.NaN) > 0)
                    .sorted(Comparator.comparingDouble((Row row) -> axisValues.get(row.id()).get(axis))
                            .thenComparing(Comparator.comparingDouble((Row row) -> objective.score(row.metrics())).reversed())
                            .thenComparingLong(Row::id))
                    .toList();
            if (points.isEmpty()) {
                continue;
            }
            axes.add(axis);
            ArrayNode front = fronts.putArray(axis);
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Row row : points) {
                double score = objective.score(row.metrics());
                // sorted by cost, then best first: a point is non-dominated when it beats every cheaper one
                if (score > bestScore) {
                    front.add(row.id());
                    bestScore = score;
                }
            }
        }
        return pareto;
    }

    private static Map<String, Double> axisValues(Row row, Architectures architectures) {
        Map<String, Double> values = new LinkedHashMap<>();
        AXES.forEach((axis, metric) -> {
            Double value = row.metrics().get(metric);
            if (value != null && Double.isFinite(value)) {
                values.put(axis, value);
            }
        });
        if (row.state() == TrialState.COMPLETE && (!values.containsKey("params") || !values.containsKey("flops"))
                && !row.genome().isEmpty()) {
            Optional<Architectures.Decoded> decoded = architectures.decode(row.genome());
            decoded.filter(d -> d.analysis().valid()).ifPresent(d -> {
                values.putIfAbsent("params", (double) d.analysis().parameters());
                values.putIfAbsent("flops", (double) d.analysis().macs());
            });
        }
        return values;
    }

    private static JsonNode result(JsonNode result) {
        if (result == null || !result.isObject()) {
            return JSON.nullNode();
        }
        ObjectNode summary = JSON.createObjectNode();
        JsonNode best = result.path("best");
        for (String field : List.of("seconds", "trials", "complete", "failed")) {
            if (result.path(field).isNumber()) {
                summary.set(field, result.get(field));
            }
        }
        if (best.isObject()) {
            summary.set("bestTrial", best.path("trial"));
            JsonNode test = best.path("test");
            for (String metric : List.of("accuracy", "map50", "dice")) {
                if (test.path(metric).isNumber()) {
                    ObjectNode node = summary.putObject("test");
                    node.put("name", metric);
                    node.put("value", test.get(metric).asDouble());
                    break;
                }
            }
            if (best.path("model").isTextual()) {
                summary.set("model", best.get("model"));
            }
        }
        JsonNode baseline = result.path("baseline");
        if (summary.has("test") && baseline.path("test").isObject()) {
            String metric = summary.get("test").get("name").asText();
            if (baseline.get("test").path(metric).isNumber()) {
                ObjectNode node = summary.putObject("baseline");
                node.put("name", baseline.path("name").asText());
                node.put("network", baseline.path("network").asText());
                node.put("value", baseline.get("test").get(metric).asDouble());
                node.put("epochs", baseline.path("epochs").asInt());
                node.put("parameters", baseline.path("parameters").asLong());
                node.put("difference", summary.get("test").get("value").asDouble() - node.get("value").asDouble());
            }
        }
        return summary;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static Map<String, String> axes() {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("params", "params");
        axes.put("flops", "flops");
        axes.put("latencyMs", "latency_ms");
        axes.put("stepMs", "ms_per_step");
        return java.util.Collections.unmodifiableMap(axes);
    }
}
