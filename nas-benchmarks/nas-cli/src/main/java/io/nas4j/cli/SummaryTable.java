package io.nas4j.cli;

import io.nas4j.benchmarks.suite.StrategySummary;
import io.nas4j.benchmarks.suite.SuiteSummary;
import io.nas4j.benchmarks.suite.SummaryFiles;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The short table {@code nas bench} prints: per strategy the reported value at a few checkpoints (25, 50,
 * 100, 150 and the budget) and the strategy's overhead. The full table is in {@code report.md}.
 */
final class SummaryTable {

    private static final List<Integer> SHOWN = List.of(25, 50, 100, 150);

    private SummaryTable() {
    }

    static void print(SuiteSummary summary, PrintWriter out) {
        List<Integer> columns = new ArrayList<>();
        for (int checkpoint : SHOWN) {
            if (checkpoint < summary.budget()) {
                columns.add(checkpoint);
            }
        }
        columns.add(summary.budget());
        int nameWidth = Math.max("strategy".length(),
                summary.strategies().keySet().stream().mapToInt(String::length).max().orElse(0));
        String cell = "%15s";
        out.printf(Locale.ROOT, "%s on %s: %s, mean ± std over %d runs%n", summary.suite(), summary.dataset(),
                summary.reported(), summary.runs());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", "strategy"));
        for (int column : columns) {
            header.append(String.format(Locale.ROOT, cell, "@" + column));
        }
        header.append(String.format(Locale.ROOT, "%18s", "ms/trial"));
        out.println(header);
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", entry.getKey()));
            for (int column : columns) {
                row.append(String.format(Locale.ROOT, cell,
                        SummaryFiles.format(entry.getValue().checkpoints().get(column))));
            }
            row.append(String.format(Locale.ROOT, "%18.3f", entry.getValue().overheadMsPerTrial()));
            out.println(row);
        }
    }
}
