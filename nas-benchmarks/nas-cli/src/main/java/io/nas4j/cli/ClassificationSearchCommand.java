package io.nas4j.cli;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.report.Architectures;
import io.nas4j.runner.result.TrainingResultFile;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code nas search} of a classification or volumetric task: runs a {@link TrainingSearch} with its progress on
 * standard error, trains the hand-designed baseline where there is one, prints the best network with its test
 * accuracy (with several objectives also the Pareto front and the members trained again) and writes
 * {@code result.json} and the report.
 */
final class ClassificationSearchCommand {

    private ClassificationSearchCommand() {
    }

    /**
     * Runs (or resumes) the search {@code used} describes with its trials in {@code stored}, run where
     * {@code placement} says, writing to {@code output}.
     */
    static int run(TrainingSearch training, TrainingSearchSpec used, Path output, StoredSearch stored, int attempts,
                   TrainingPlacement placement, PrintWriter printer, PrintWriter err) {
        Objective objective = TrainingSearch.objective(used);
        // proxy scores span many orders of magnitude (synflow reaches 1e18); accuracies are fractions
        String valueFormat = used.scoredByProxy() ? "%.6g" : "%.4f";
        String best = used.scoredByProxy() ? "best " + used.proxy() : "best validation accuracy";
        Progress progress = new Progress(err, used, used.scoredByProxy()
                ? " candidates scored untrained by " + used.proxy() : " trials of " + used.epochs() + " epochs",
                metrics -> String.format(Locale.ROOT, ", %s " + valueFormat, best, objective.value(metrics)));
        Instant started = Instant.now();
        TrainingSearch search = training.withRetryPolicy(RetryPolicy.attempts(attempts));
        TrainingSearch.Job<?> searched = search.job(used);
        TrainingSearch.Outcome outcome = search.run(searched, placement.classification(used, stored), stored, progress,
                output);
        progress.finish();
        Duration elapsed = Duration.between(started, Instant.now());
        HandDesignedBaseline.Result baseline = baseline(training, used, outcome, elapsed, err);
        Path file = TrainingResultFile.write(outcome, used, output, elapsed, baseline);
        Optional<Path> report = Reports.search(output, stored.trials(), objective,
                Architectures.of(searched.space(), searched.task().head()), err);
        if (outcome.bestGenome() == null) {
            printer.println("no trial completed; see " + file);
        } else {
            printer.println("best architecture: " + outcome.bestGenome());
            printer.println(String.format(Locale.ROOT, "  %s " + valueFormat + ", test accuracy %.4f (after %d epochs on train+validation), %,d parameters",
                    used.scoredByProxy() ? used.proxy() : "validation accuracy",
                    objective.value(outcome.search().best().orElseThrow().trial().metrics()),
                    outcome.test().accuracy(), outcome.finalEpochsTrained(), outcome.bestNetwork().parameters()));
            printer.println("model: " + outcome.model());
            print(printer, baseline, outcome);
            FrontLines.print(printer, used, outcome.front(),
                    test -> String.format(Locale.ROOT, "test accuracy %.4f", test.accuracy()));
        }
        printer.println("wrote " + file);
        report.ifPresent(page -> printer.println("report: " + page));
        printer.flush();
        return NasCommand.OK;
    }

    /** The search's progress, then the final training's epochs. */
    private static final class Progress extends TrainingProgress implements TrainingSearch.FinalTrainingListener {

        private final PrintWriter err;
        private ProgressLine finalTraining;

        Progress(PrintWriter err, TrainingSearchSpec used, String trials,
                 Function<Map<String, Double>, String> incumbent) {
            super(err, used, "", trials, incumbent, "training the best network again on training and validation data");
            this.err = err;
        }

        @Override
        public void finalTrainingStarted(int epochs) {
            if (finalTraining != null) {
                finalTraining.finish();
            }
            finalTraining = new ProgressLine(err, "final training");
        }

        @Override
        public void frontMemberStarted(long trial, List<String> selectedAs) {
            if (finalTraining != null) {
                finalTraining.finish();
            }
            err.println(FrontLines.retraining(trial, selectedAs));
            err.flush();
        }

        @Override
        public void finalEpochFinished(int epoch, int epochs, double trainLoss) {
            finalTraining.epoch(epoch, epochs, trainLoss);
        }

        @Override
        void finish() {
            super.finish();
            if (finalTraining != null) {
                finalTraining.finish();
            }
        }
    }

    /**
     * Trains the hand-designed baseline when the search found an architecture and the spec names one, with the
     * search's wall time ({@code elapsed}); else null.
     */
    private static HandDesignedBaseline.Result baseline(TrainingSearch training, TrainingSearchSpec used,
                                                        TrainingSearch.Outcome outcome, Duration elapsed,
                                                        PrintWriter err) {
        if (outcome.bestGenome() == null || !HandDesignedBaseline.appliesTo(used)) {
            return null;
        }
        err.println(BaselineLines.training(used.baseline(), elapsed));
        err.flush();
        return BaselineLines.withProgress(err, used.baseline(),
                progress -> HandDesignedBaseline.train(training, used, elapsed, progress));
    }

    private static void print(PrintWriter printer, HandDesignedBaseline.Result baseline, TrainingSearch.Outcome outcome) {
        if (baseline != null) {
            BaselineLines.print(printer, baseline, outcome.test().accuracy());
        }
    }
}
