package io.nas4j.cli;

import io.nas4j.runner.result.PairedComparison;
import io.nas4j.runner.training.EpochProgress;
import io.nas4j.runner.training.HandDesignedBaseline;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/** What the command line prints about baselines: the training's start and a repeated search's comparison. */
final class BaselineLines {

    private BaselineLines() {
    }

    /** The line that announces the baseline's training, with the time it gets. */
    static String training(String name, Duration budget) {
        return "training the baseline " + name + " with the search's time (" + duration(budget.toMillis() / 1000.0)
                + ") on training and validation data";
    }

    /**
     * Runs {@code training} (a baseline's) with a progress line for its epochs on {@code err}, labelled
     * {@code baseline NAME}, and ends the line however the training ends.
     */
    static <T> T withProgress(PrintWriter err, String name, Function<EpochProgress, T> training) {
        ProgressLine line = new ProgressLine(err, "baseline " + name);
        try {
            return training.apply(line::epoch);
        } finally {
            line.finish();
        }
    }

    /** {@code 12m05s}, or {@code 42s} under a minute. */
    static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole < 60 ? whole + "s" : String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
    }

    /** A classifier baseline's two lines: what it is, then its test accuracy against {@code searchedAccuracy}. */
    static void print(PrintWriter printer, HandDesignedBaseline.Result baseline, double searchedAccuracy) {
        printer.println("baseline " + baseline.name() + " (" + baseline.network() + "):");
        printer.println(String.format(Locale.ROOT, "  test accuracy %.4f (%d epochs in %s, the search's time), %,d"
                        + " parameters; searched network %+.4f", baseline.test().accuracy(), baseline.epochs(),
                duration(baseline.budgetSeconds()), baseline.parameters(),
                searchedAccuracy - baseline.test().accuracy()));
    }

    /** The comparison of a repeated search, seed by seed, then the summary. */
    static void print(PrintWriter printer, PairedComparison comparison) {
        String metric = comparison.metric().equals("accuracy") ? "test accuracy" : "test mAP@0.5";
        printer.println(String.format(Locale.ROOT, "searched against %s over %d seeds (%s):", comparison.baseline(),
                comparison.pairs().size(), metric));
        for (PairedComparison.Pair pair : comparison.pairs()) {
            printer.println(String.format(Locale.ROOT, "  seed %d: searched %.4f, baseline %.4f (%+.4f)", pair.seed(),
                    pair.searched(), pair.baseline(), pair.difference()));
        }
        printer.println(String.format(Locale.ROOT, "  searched %.4f ± %.4f, baseline %.4f ± %.4f, difference %+.4f ± %.4f;"
                        + " searched ahead on %d of %d seeds", comparison.searched().mean(), comparison.searched().std(),
                comparison.baselines().mean(), comparison.baselines().std(), comparison.differences().mean(),
                comparison.differences().std(), comparison.searchedWins(), comparison.pairs().size()));
    }
}
