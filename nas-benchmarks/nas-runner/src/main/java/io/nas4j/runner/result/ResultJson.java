package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.runner.training.FrontMember;
import io.nas4j.runner.training.TrainingObjectives;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.data.Normalization;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The parts every search's {@code result.json} shares, written in one order by every kind of search:
 * the header (what was searched, how long, how many trials), the best trial, its final training, the
 * trials in brief, and test metrics of a classifier.
 */
final class ResultJson {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultJson() {
    }

    /**
     * A new root with {@code task, dataset, space} ({@code spaceFile} too when the space came from one),
     * {@code strategy, backend, seconds, trials, complete, failed}.
     */
    static ObjectNode header(TrainingSearchSpec used, SearchResult<?> search, Duration elapsed) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", used.task());
        root.put("dataset", used.dataset());
        root.put("space", used.space());
        if (used.spaceFile() != null) {
            root.put("spaceFile", used.spaceFile().file());
        }
        root.put("strategy", used.strategy());
        root.put("backend", used.backend());
        root.put("seconds", elapsed.toMillis() / 1000.0);
        root.put("trials", search.trials().size());
        root.put("complete", search.count(TrialState.COMPLETE));
        root.put("failed", search.count(TrialState.FAILED));
        return root;
    }

    /** {@code best}: the incumbent's id, architecture, key, size and validation metrics. */
    static ObjectNode best(ObjectNode root, SearchResult<?> search, String genome, NetworkAnalysis network) {
        ObjectNode best = root.putObject("best");
        TrialRecord trial = search.best().orElseThrow().trial();
        best.put("trial", trial.id());
        best.put("genome", genome);
        best.put("key", trial.key());
        best.put("parameters", network.parameters());
        best.put("flops", network.macs());
        ObjectNode validation = best.putObject("validation");
        new TreeMap<>(trial.metrics()).forEach(validation::put);
        return best;
    }

    /** The final training's epochs, time, model folder and the input standardisation the model needs. */
    static void finalTraining(ObjectNode best, int epochs, int epochsTrained, double seconds, Path model,
                              Normalization normalization) {
        best.put("finalEpochs", epochs);
        best.put("finalEpochsTrained", epochsTrained);
        best.put("finalTrainSeconds", seconds);
        best.put("model", model.toAbsolutePath().toString());
        best.set("inputNormalization", JSON.valueToTree(normalization));
    }

    /**
     * {@code trialsList}: each trial's id, state, architecture, the named metrics it has, its parameters, the
     * reason it failed and its time.
     */
    static void trialsList(ObjectNode root, List<TrialRecord> trials, List<String> metrics) {
        ArrayNode list = root.putArray("trialsList");
        for (TrialRecord trial : trials) {
            ObjectNode node = list.addObject();
            node.put("id", trial.id());
            node.put("state", trial.state().name());
            node.put("genome", trial.genome());
            for (String metric : metrics) {
                Double value = trial.metrics().get(metric);
                if (value != null) {
                    node.put(metric, value);
                }
            }
            Double params = trial.metrics().get("params");
            if (params != null) {
                node.put("params", params.longValue());
            }
            if (!trial.reason().isEmpty()) {
                node.put("reason", trial.reason());
            }
            node.put("seconds", trial.seconds());
        }
    }

    /**
     * With several objectives: {@code objectives} (their names) and {@code front}, every member of the Pareto front
     * in trial order with its id, architecture, key, size, the objectives' values, its validation metrics, whether it
     * was trained again ({@code trainedAgain}) and why ({@code selectedAs}), and for those trained again their test
     * metrics (written by {@code test}), final training and model folder. Nothing with one objective.
     */
    static <M> void front(ObjectNode root, TrainingSearchSpec used, List<FrontMember<M>> members,
                          BiConsumer<ObjectNode, M> test) {
        if (!used.multiObjective()) {
            return;
        }
        ArrayNode names = root.putArray("objectives");
        used.objectives().forEach(names::add);
        ArrayNode front = root.putArray("front");
        for (FrontMember<M> member : members) {
            ObjectNode node = front.addObject();
            TrialRecord trial = member.trial();
            node.put("trial", trial.id());
            node.put("genome", member.architecture());
            node.put("key", trial.key());
            node.put("parameters", member.network().parameters());
            node.put("flops", member.network().macs());
            ObjectNode objectives = node.putObject("objectives");
            for (String name : used.objectives()) {
                objectives.put(name, TrainingObjectives.objective(name, used).value(trial.metrics()));
            }
            ObjectNode validation = node.putObject("validation");
            new TreeMap<>(trial.metrics()).forEach(validation::put);
            node.put("trainedAgain", member.trainedAgain());
            ArrayNode selectedAs = node.putArray("selectedAs");
            member.selectedAs().forEach(selectedAs::add);
            if (member.trainedAgain()) {
                test.accept(node.putObject("test"), member.test());
                node.put("finalEpochs", member.finalEpochs());
                node.put("finalEpochsTrained", member.finalEpochsTrained());
                node.put("finalTrainSeconds", member.finalTrainSeconds());
                node.put("model", member.model().toAbsolutePath().toString());
            }
        }
    }

    /** The metrics {@code trialsList} shows of a search: {@code first}, and with several objectives theirs. */
    static List<String> listedMetrics(TrainingSearchSpec used, List<String> first) {
        List<String> metrics = new ArrayList<>(first);
        if (used.multiObjective()) {
            for (io.nas4j.core.objective.Objective objective : TrainingObjectives.of(used)) {
                if (!metrics.contains(objective.metric()) && !objective.metric().equals("params")) {
                    metrics.add(objective.metric());
                }
            }
        }
        return metrics;
    }

    /** A classifier's test metrics into {@code node}: accuracy, examples, per-class accuracy, confusion matrix. */
    static ObjectNode classificationTest(ObjectNode node, ClassificationMetrics test) {
        node.put("accuracy", test.accuracy());
        node.put("examples", test.count());
        ArrayNode perClass = node.putArray("perClassAccuracy");
        for (double accuracy : test.perClassAccuracy()) {
            perClass.add(accuracy);
        }
        ArrayNode confusion = node.putArray("confusion");
        for (int[] row : test.confusion()) {
            ArrayNode line = confusion.addArray();
            for (int count : row) {
                line.add(count);
            }
        }
        return node;
    }
}
