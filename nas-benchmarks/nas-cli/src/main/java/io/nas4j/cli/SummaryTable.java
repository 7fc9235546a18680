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
 * The short tables {@code nas bench} prints: per strategy the reported value at a few checkpoints (25, 50,
 * 100, 150 and the budget) and the strategy's overhead; then at the costs of as many default-fidelity
 * trials and at the last cost checkpoint, with the cost each run spent. The full tables are in
 * {@code report.md}.
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
        printCosts(summary, out, nameWidth, cell);
    }

    private static void printCosts(SuiteSummary summary, PrintWriter out, int nameWidth, String cell) {
        List<Double> costs = summary.strategies().values().stream().findFirst()
                .map(strategy -> List.copyOf(strategy.costCheckpoints().keySet())).orElse(List.of());
        if (costs.isEmpty()) {
            return;
        }
        double limit = costs.get(costs.size() - 1);
        List<Double> columns = new ArrayList<>();
        for (int trials : SHOWN) {
            double cost = trials * summary.trialCost();
            if (cost < limit && costs.contains(cost)) {
                columns.add(cost);
            }
        }
        columns.add(limit);
        out.printf(Locale.ROOT, "against %s spent (a trial at the default fidelity costs %s):%n", summary.costUnit(),
                SummaryFiles.cost(summary.trialCost()));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", "strategy"));
        for (double column : columns) {
            header.append(String.format(Locale.ROOT, cell, "@" + SummaryFiles.cost(column)));
        }
        header.append(String.format(Locale.ROOT, "%18s", summary.costUnit() + "/run"));
        out.println(header);
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", entry.getKey()));
            for (double column : columns) {
                row.append(String.format(Locale.ROOT, cell,
                        SummaryFiles.format(entry.getValue().costCheckpoints().get(column))));
            }
            row.append(String.format(Locale.ROOT, "%18.0f", entry.getValue().cost().mean()));
            out.println(row);
        }
    }
}
