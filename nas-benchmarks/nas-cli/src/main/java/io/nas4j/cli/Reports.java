package io.nas4j.cli;

import io.nas4j.report.Architectures;
import io.nas4j.report.DashboardData;
import io.nas4j.report.OutputFolder;
import io.nas4j.report.ReportFile;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes the static {@code report.html} at the end of a search or a benchmark. The results are already
 * written when it runs, so a report that cannot be written costs only itself: the reason goes to stderr
 * and the command still succeeds.
 */
final class Reports {

    private Reports() {
    }

    /** The report of a search whose trials are {@code trials}, next to its {@code result.json}. */
    static Optional<Path> search(Path output, List<TrialRecord> trials, Objective objective, Architectures architectures,
                                 PrintWriter err) {
        try {
            return Optional.of(ReportFile.writeSearch(output, DashboardData.rows(trials), null, objective, architectures));
        } catch (UncheckedIOException | IllegalStateException e) {
            return failed(e, err);
        }
    }

    /**
     * The report of a search that keeps no trials (a one-shot search): the best network, its test metrics and
     * the baseline, as {@code result.json} in {@code output} holds them.
     */
    static Optional<Path> result(Path output, String why, PrintWriter err) {
        try {
            return Optional.of(ReportFile.write(new OutputFolder(output, Architectures.none(why))));
        } catch (UncheckedIOException | IllegalStateException e) {
            return failed(e, err);
        }
    }

    /** The report of a benchmark output folder (its {@code summary.json}). */
    static Optional<Path> bench(Path output, PrintWriter err) {
        try {
            return Optional.of(ReportFile.write(new OutputFolder(output, Architectures.none("benchmarks keep no genomes"))));
        } catch (UncheckedIOException | IllegalStateException e) {
            return failed(e, err);
        }
    }

    private static Optional<Path> failed(RuntimeException e, PrintWriter err) {
        err.println("could not write report.html: " + e.getMessage());
        err.flush();
        return Optional.empty();
    }
}
