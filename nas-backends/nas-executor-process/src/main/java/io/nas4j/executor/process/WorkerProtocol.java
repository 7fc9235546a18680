package io.nas4j.executor.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads the lines of the protocol between the pool and a worker process, described in
 * {@link WorkerMain}. A line from a worker that is not one of the protocol's objects is no reply, not an
 * error: native code can write to the process's standard output behind Java's back, so the pool skips
 * such lines rather than fail on them.
 */
final class WorkerProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FULL = "full";

    private WorkerProtocol() {
    }

    /** A trial as the worker receives it, the genome still in its text form. */
    record Request(long id, String genome, Fidelity fidelity, int attempt, Optional<Incumbent> incumbent) {
        Request(long id, String genome, Fidelity fidelity, int attempt) {
            this(id, genome, fidelity, attempt, Optional.empty());
        }
    }

    /** What a worker can say on its standard output. */
    sealed interface Reply permits Ready, StartError, Result {
    }

    /** The worker built its job and waits for trials. */
    record Ready() implements Reply {
    }

    /** The worker could not build its job; it exits next. */
    record StartError(String reason) implements Reply {
    }

    /** The outcome of trial {@code id}. */
    record Result(long id, TrialResult result) implements Reply {
    }

    static String configuration(String configuration) {
        ObjectNode node = JSON.createObjectNode();
        node.put("configuration", configuration);
        return write(node);
    }

    /** The configuration text; throws {@link IllegalArgumentException} when the line is not one. */
    static String readConfiguration(String line) {
        JsonNode node = parse(line).orElse(null);
        if (node == null || !node.path("configuration").isTextual()) {
            throw new IllegalArgumentException("the first line must be {\"configuration\": \"...\"}, got: "
                    + abbreviate(line));
        }
        return node.get("configuration").asText();
    }

    static String ready() {
        ObjectNode node = JSON.createObjectNode();
        node.put("ready", true);
        return write(node);
    }

    static String startError(String reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", reason);
        return write(node);
    }

    static String request(long id, String genome, Fidelity fidelity, int attempt) {
        return request(id, genome, fidelity, attempt, Optional.empty());
    }

    /** A trial request; the incumbent, when there is one, travels as {@code {"metric", "value", "trial"}}. */
    static String request(long id, String genome, Fidelity fidelity, int attempt, Optional<Incumbent> incumbent) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("genome", genome);
        if (fidelity.isFull()) {
            node.put("fidelity", FULL);
        } else {
            node.put("fidelity", fidelity.resource());
        }
        node.put("attempt", attempt);
        incumbent.ifPresent(best -> {
            ObjectNode value = node.putObject("incumbent");
            value.put("metric", best.metric());
            value.put("value", best.value());
            value.put("trial", best.trialId());
        });
        return write(node);
    }

    /** The request on this line; throws {@link IllegalArgumentException} naming what is wrong. */
    static Request readRequest(String line) {
        JsonNode node = parse(line).orElseThrow(() -> new IllegalArgumentException("not a JSON object: "
                + abbreviate(line)));
        JsonNode id = node.path("id");
        JsonNode genome = node.path("genome");
        JsonNode fidelity = node.path("fidelity");
        JsonNode attempt = node.path("attempt");
        if (!id.isIntegralNumber() || !genome.isTextual() || !attempt.isIntegralNumber()
                || !(fidelity.isNumber() || FULL.equals(fidelity.asText(null)))) {
            throw new IllegalArgumentException("a trial request has an integer id and attempt, a genome text and a"
                    + " fidelity (a number or \"full\"), got: " + abbreviate(line));
        }
        Fidelity value = fidelity.isNumber() ? Fidelity.of(fidelity.doubleValue()) : Fidelity.FULL;
        JsonNode incumbent = node.path("incumbent");
        Optional<Incumbent> best = Optional.empty();
        if (!incumbent.isMissingNode() && !incumbent.isNull()) {
            if (!incumbent.path("metric").isTextual() || !incumbent.path("value").isNumber()
                    || !incumbent.path("trial").isIntegralNumber()) {
                throw new IllegalArgumentException("a trial request's incumbent has a metric name, a number value and"
                        + " an integer trial, got: " + abbreviate(line));
            }
            best = Optional.of(new Incumbent(incumbent.get("metric").asText(), incumbent.get("value").doubleValue(),
                    incumbent.get("trial").longValue()));
        }
        return new Request(id.longValue(), genome.asText(), value, attempt.intValue(), best);
    }

    static String result(long id, TrialResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("state", result.state().name());
        ObjectNode metrics = node.putObject("metrics");
        result.metrics().forEach((name, value) -> metrics.set(name, number(value)));
        node.set("cost", number(result.cost()));
        node.put("reason", result.reason());
        ArrayNode curve = node.putArray("curve");
        result.curve().forEach(value -> curve.add(number(value)));
        return write(node);
    }

    /** The reply on this line, or empty when the line is not a protocol line. */
    static Optional<Reply> readReply(String line) {
        JsonNode node = parse(line).orElse(null);
        if (node == null) {
            return Optional.empty();
        }
        if (node.size() == 1 && node.path("ready").asBoolean(false)) {
            return Optional.of(new Ready());
        }
        if (node.size() == 1 && node.path("error").isTextual()) {
            return Optional.of(new StartError(node.get("error").asText()));
        }
        return readResult(node).map(reply -> reply);
    }

    private static Optional<Result> readResult(JsonNode node) {
        JsonNode id = node.path("id");
        TrialState state = state(node.path("state").asText(""));
        JsonNode metrics = node.path("metrics");
        JsonNode curve = node.path("curve");
        if (!id.isIntegralNumber() || state == null || !state.finished() || !metrics.isObject() || !curve.isArray()
                || !node.path("reason").isTextual()) {
            return Optional.empty();
        }
        try {
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : metrics.properties()) {
                values.put(field.getKey(), number(field.getValue()));
            }
            List<Double> points = new ArrayList<>();
            for (JsonNode point : curve) {
                points.add(number(point));
            }
            TrialResult result = new TrialResult(state, values, number(node.path("cost")),
                    node.get("reason").asText(), points);
            return Optional.of(new Result(id.longValue(), result));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static TrialState state(String name) {
        try {
            return TrialState.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonNode number(double value) {
        return Double.isFinite(value) ? JSON.getNodeFactory().numberNode(value)
                : JSON.getNodeFactory().textNode(Double.toString(value));
    }

    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
                return Double.parseDouble(text);
            }
        }
        throw new IllegalArgumentException("not a number: " + node);
    }

    private static Optional<JsonNode> parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    /** A line cut for error messages, since junk can be long. */
    static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
