package io.nas4j.cli;

import io.nas4j.runner.result.DetectionResultFile;
import io.nas4j.runner.training.DetectionBaseline;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.report.Architectures;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.tasks.detection.DetectionEstimator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code nas search --task detection}: runs a {@link DetectionSearch}, prints the best detector with its
 * validation and test mAP, and writes {@code result.json} (the configuration, every trial, the best detector
 * with its validation metrics and its test mAP at IoU 0.5 and COCO's 0.5:0.95, per-class AP, the model).
 */
final class DetectionSearchCommand {


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
        Duration elapsed = Duration.between(started, Instant.now());
        DetectionBaseline.Result baseline = null;
        if (outcome.bestGenome() != null && HandDesignedBaseline.appliesTo(used)) {
            err.println(BaselineLines.training(used.baseline(), elapsed));
            err.flush();
            baseline = BaselineLines.withProgress(err, used.baseline(),
                    epochs -> DetectionBaseline.train(job, elapsed, epochs));
        }
        Path file = DetectionResultFile.write(outcome, used, output, elapsed, baseline);
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
            if (baseline != null) {
                printer.println("baseline " + baseline.name() + " (" + baseline.network() + "):");
                printer.println(String.format(Locale.ROOT, "  test mAP@0.5 %.4f (%d epochs in %s, the search's time),"
                                + " %,d parameters; searched detector %+.4f", baseline.test().map50(), baseline.epochs(),
                        BaselineLines.duration(baseline.budgetSeconds()), baseline.parameters(),
                        outcome.test().map50() - baseline.test().map50()));
            }
            FrontLines.print(printer, used, outcome.front(), test -> String.format(Locale.ROOT,
                    "test mAP@0.5 %.4f", test.map50()));
        }
        printer.println("wrote " + file);
        report.ifPresent(page -> printer.println("report: " + page));
        printer.flush();
        return NasCommand.OK;
    }
}
