package io.nas4j.cli;

import io.nas4j.runner.result.ResultFiles;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.report.Architectures;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.trial.TrialState;
import io.nas4j.tasks.detection.DetectionEstimator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code nas search --task detection}: runs a {@link DetectionSearch}, prints the best detector with its
 * validation and test mAP, and writes {@code result.json} (the configuration, every trial, the best detector
 * with its validation metrics and its test mAP at IoU 0.5 and COCO's 0.5:0.95, per-class AP, the model).
 */
final class DetectionSearchCommand {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DetectionSearchCommand() {
    }

    /**
     * Runs (or resumes) the detection search {@code used} describes with its trials in {@code stored}, run
     * where {@code placement} says, writing to {@code output}.
     */
    static int run(DetectionSearch search, TrainingSearchSpec used, Path output, StoredSearch stored, int attempts,
                   TrainingPlacement placement, PrintWriter printer, PrintWriter err) {
        DetectionSearch.Job<?> job = search.job(used);
        TrainingProgress progress = new TrainingProgress(err, used, " detectors", " trials of " + used.epochs() + " epochs",
                metrics -> String.format(Locale.ROOT, ", best validation mAP@0.5 %.4f", DetectionEstimator.MAP50.value(metrics)),
                "training the best detector again on training and validation images");
        Instant started = Instant.now();
        DetectionSearch.Outcome outcome = search.withRetryPolicy(RetryPolicy.attempts(attempts)).run(job,
                placement.detection(stored), stored, progress, output);
        progress.finish();
        Path file = write(outcome, used, output, Duration.between(started, Instant.now()));
        Optional<Path> report = Reports.search(output, stored.trials(), DetectionEstimator.MAP50,
                Architectures.of(job.space(), job.task().head()), err);
        if (outcome.bestGenome() == null) {
            printer.println("no trial completed; see " + file);
        } else {
            printer.println("best detector: " + outcome.bestGenome());
            printer.println(String.format(Locale.ROOT,
                    "  validation mAP@0.5 %.4f, test mAP@0.5 %.4f, test mAP@0.5:0.95 %.4f (after %d epochs on train+validation),"
                            + " %,d parameters",
                    DetectionEstimator.MAP50.value(outcome.search().best().orElseThrow().trial().metrics()),
                    outcome.test().map50(), outcome.test().map(), outcome.finalEpochsTrained(),
                    outcome.bestNetwork().parameters()));
            printer.println("model: " + outcome.model());
        }
        printer.println("wrote " + file);
        report.ifPresent(page -> printer.println("report: " + page));
        printer.flush();
        return NasCommand.OK;
    }

    static Path write(DetectionSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed) {
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
        ArrayNode classes = root.putArray("classes");
        outcome.classNames().forEach(classes::add);
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
            ObjectNode test = best.putObject("test");
            test.put("map50", outcome.test().map50());
            test.put("map", outcome.test().map());
            test.put("coco50", outcome.test().coco50());
            test.put("images", outcome.testImages());
            ArrayNode perClass = test.putArray("perClassAp50");
            outcome.test().perClassAp50().forEach(perClass::add);
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
            Double map50 = trial.metrics().get("map50");
            if (map50 != null) {
                node.put("map50", map50);
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
        root.set("config", JSON.valueToTree(used));
        return ResultFiles.write(output, root);
    }
}
