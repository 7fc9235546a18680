package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import io.nas4j.tasks.classification.ClassificationMetrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;

/**
 * Writes {@code result.json} of a training search: the configuration used, the trial counts, the best
 * architecture with its validation metrics, and its test metrics after the final training (accuracy,
 * per-class accuracy, confusion matrix), plus every trial in brief.
 */
public final class TrainingResultFile {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private TrainingResultFile() {
    }

    public static Path write(TrainingSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed) {
        return write(outcome, used, output, elapsed, null);
    }

    /** As {@link #write(TrainingSearch.Outcome, TrainingSearchSpec, Path, Duration)}, with the baseline when not null. */
    public static Path write(TrainingSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed,
                      HandDesignedBaseline.Result baseline) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", used.task());
        root.put("dataset", used.dataset());
        root.put("space", used.space());
        root.put("strategy", used.strategy());
        root.put("backend", used.backend());
        root.put("seconds", elapsed.toMillis() / 1000.0);
        root.put("trials", outcome.search().trials().size());
        root.put("complete", outcome.search().count(TrialState.COMPLETE));
        root.put("failed", outcome.search().count(TrialState.FAILED));
        if (outcome.bestGenome() == null) {
            root.putNull("best");
        } else {
            ObjectNode best = root.putObject("best");
            TrialRecord trial = outcome.search().best().orElseThrow().trial();
            best.put("trial", trial.id());
            best.put("genome", outcome.bestGenome());
            best.put("key", trial.key());
            best.put("parameters", outcome.bestNetwork().parameters());
            best.put("flops", outcome.bestNetwork().macs());
            ObjectNode validation = best.putObject("validation");
            new TreeMap<>(trial.metrics()).forEach(validation::put);
            ClassificationMetrics test = outcome.test();
            ObjectNode testNode = best.putObject("test");
            testNode.put("accuracy", test.accuracy());
            testNode.put("examples", test.count());
            ArrayNode perClass = testNode.putArray("perClassAccuracy");
            for (double accuracy : test.perClassAccuracy()) {
                perClass.add(accuracy);
            }
            ArrayNode confusion = testNode.putArray("confusion");
            for (int[] row : test.confusion()) {
                ArrayNode line = confusion.addArray();
                for (int count : row) {
                    line.add(count);
                }
            }
            best.put("finalEpochs", outcome.finalEpochs());
            best.put("finalEpochsTrained", outcome.finalEpochsTrained());
            best.put("finalTrainSeconds", outcome.finalTrainSeconds());
            best.put("model", outcome.model().toAbsolutePath().toString());
            best.set("inputNormalization", JSON.valueToTree(outcome.normalization()));
        }
        ArrayNode trials = root.putArray("trialsList");
        for (TrialRecord trial : outcome.search().trials()) {
            ObjectNode node = trials.addObject();
            node.put("id", trial.id());
            node.put("state", trial.state().name());
            node.put("genome", trial.genome());
            Double accuracy = trial.metrics().get("accuracy");
            if (accuracy != null) {
                node.put("accuracy", accuracy);
            }
            Double score = used.scoredByProxy() ? trial.metrics().get(used.proxy()) : null;
            if (score != null) {
                node.put(used.proxy(), score);
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
        if (baseline != null) {
            root.set("baseline", Baselines.json(JSON, baseline));
        }
        root.set("config", JSON.valueToTree(used));
        return ResultFiles.write(output, root);
    }
}
