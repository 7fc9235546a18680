package io.nas4j.benchmarks.suite;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link SuiteSummary} as {@value #JSON_FILE} (the machine-readable contract of the design notes)
 * and {@value #MARKDOWN_FILE} (a table for people).
 *
 * <p>{@value #JSON_FILE}: {@code {"suite", "dataset", "budget", "runs", "seed", "reported", "costUnit",
 * "trialCost", "costBudget", "strategies": {NAME: {"checkpoints": {"25": {"mean", "std"}, ...},
 * "costCheckpoints": {"300": {"mean", "std"}, ...}, "final": {"mean", "std"}, "cost": {"mean", "std"},
 * "trials": {"mean", "std"}, "overheadMsPerTrial"}}}}. {@code checkpoints} are keyed by trials,
 * {@code costCheckpoints} by cost spent in {@code costUnit}; {@code cost} and {@code trials} are what each
 * run spent and counted. A value no run reached, and {@code costBudget} when there was none, is {@code null}.
 */
public final class SummaryFiles {

    public static final String JSON_FILE = "summary.json";
    public static final String MARKDOWN_FILE = "report.md";
    /** The HTML report with the anytime curves as SVG. */
    public static final String HTML_FILE = "report.html";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SummaryFiles() {
    }

    /**
     * Writes the JSON summary and the Markdown and HTML reports into {@code directory}, creating it when
     * needed, and returns their paths.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(SuiteSummary summary, Path directory) {
        try {
            Files.createDirectories(directory);
            Path json = directory.resolve(JSON_FILE);
            Path markdown = directory.resolve(MARKDOWN_FILE);
            Path html = directory.resolve(HTML_FILE);
            Files.writeString(json, json(summary) + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.writeString(markdown, markdown(summary), StandardCharsets.UTF_8);
            Files.writeString(html, SuiteChart.html(summary), StandardCharsets.UTF_8);
            return List.of(json, markdown, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The summary as the JSON text of {@value #JSON_FILE}. */
    public static String json(SuiteSummary summary) {
        ObjectNode root = JSON.createObjectNode();
        root.put("suite", summary.suite());
        root.put("dataset", summary.dataset());
        root.put("budget", summary.budget());
        root.put("runs", summary.runs());
        root.put("seed", summary.seed());
        root.put("reported", summary.reported());
        root.put("costUnit", summary.costUnit());
        number(root, "trialCost", summary.trialCost());
        number(root, "costBudget", summary.costBudget());
        ObjectNode strategies = root.putObject("strategies");
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            StrategySummary strategy = entry.getValue();
            ObjectNode node = strategies.putObject(entry.getKey());
            ObjectNode checkpoints = node.putObject("checkpoints");
            for (Map.Entry<Integer, Statistic> checkpoint : strategy.checkpoints().entrySet()) {
                put(checkpoints.putObject(Integer.toString(checkpoint.getKey())), checkpoint.getValue());
            }
            ObjectNode costCheckpoints = node.putObject("costCheckpoints");
            for (Map.Entry<Double, Statistic> checkpoint : strategy.costCheckpoints().entrySet()) {
                put(costCheckpoints.putObject(cost(checkpoint.getKey())), checkpoint.getValue());
            }
            put(node.putObject("final"), strategy.last());
            put(node.putObject("cost"), strategy.cost());
            put(node.putObject("trials"), strategy.trials());
            node.put("overheadMsPerTrial", strategy.overheadMsPerTrial());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode node, Statistic statistic) {
        number(node, "mean", statistic.mean());
        number(node, "std", statistic.std());
    }

    // JSON has no NaN: a value no run reached is written as null, and so is a budget there was none of.
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    /** A cost as {@value #JSON_FILE} keys and reports write it: a whole number without a fraction. */
    public static String cost(double cost) {
        if (cost == Math.rint(cost) && Math.abs(cost) < 1e15) {
            return Long.toString((long) cost);
        }
        return Double.toString(cost);
    }

    /** One sentence on the plan's budgets, for reports: trials, and cost when the plan limited it. */
    static String budgets(SuiteSummary summary) {
        String trials = summary.budget() + (summary.budget() == 1 ? " trial" : " trials");
        if (!Double.isFinite(summary.costBudget())) {
            return "Each run had " + trials + ".";
        }
        return "Each run had " + cost(summary.costBudget()) + " " + summary.costUnit() + " or " + trials
                + ", whichever came first; a trial that would have passed the " + summary.costUnit()
                + " is not counted.";
    }

    /** One sentence on what the curves against cost count, for reports. */
    static String costMeaning(SuiteSummary summary) {
        return "Against cost: the value once that many " + summary.costUnit() + " were spent (the incumbent of the"
                + " trials that fit), where a trial at the default fidelity costs " + cost(summary.trialCost()) + " "
                + summary.costUnit() + " and a multi-fidelity trial what its fidelity cost.";
    }

    /** The summary as the Markdown text of {@value #MARKDOWN_FILE}. */
    public static String markdown(SuiteSummary summary) {
        StringBuilder text = new StringBuilder();
        text.append("# Benchmark ").append(summary.suite()).append(" (").append(summary.dataset()).append(")\n\n");
        text.append("Reported: ").append(summary.reported()).append(", mean ± std over ").append(summary.runs())
                .append(summary.runs() == 1 ? " run" : " runs").append(" (base seed ").append(summary.seed())
                .append("). ").append(budgets(summary)).append("\n\n");
        text.append("## Against trials\n\nThe value after that many trials, whatever they cost.\n\n");
        List<Integer> checkpoints = summary.strategies().values().stream().findFirst()
                .map(s -> List.copyOf(s.checkpoints().keySet())).orElse(List.of());
        text.append("| strategy |");
        for (int checkpoint : checkpoints) {
            text.append(' ').append(checkpoint).append(" |");
        }
        text.append(" overhead ms/trial |\n|---|");
        text.append("---:|".repeat(checkpoints.size() + 1)).append('\n');
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            text.append("| ").append(entry.getKey()).append(" |");
            for (int checkpoint : checkpoints) {
                text.append(' ').append(format(entry.getValue().checkpoints().get(checkpoint))).append(" |");
            }
            text.append(' ').append(String.format(Locale.ROOT, "%.3f", entry.getValue().overheadMsPerTrial()))
                    .append(" |\n");
        }
        text.append("\n## Against cost (").append(summary.costUnit()).append(")\n\n").append(costMeaning(summary))
                .append("\n\n");
        List<Double> costs = summary.strategies().values().stream().findFirst()
                .map(s -> List.copyOf(s.costCheckpoints().keySet())).orElse(List.of());
        text.append("| strategy |");
        for (double cost : costs) {
            text.append(' ').append(cost(cost)).append(" |");
        }
        text.append(' ').append(summary.costUnit()).append(" per run | trials per run |\n|---|");
        text.append("---:|".repeat(costs.size() + 2)).append('\n');
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            StrategySummary strategy = entry.getValue();
            text.append("| ").append(entry.getKey()).append(" |");
            for (double cost : costs) {
                text.append(' ').append(format(strategy.costCheckpoints().get(cost))).append(" |");
            }
            text.append(' ').append(format(strategy.cost(), "%.0f")).append(" | ")
                    .append(format(strategy.trials(), "%.1f")).append(" |\n");
        }
        return text.toString();
    }

    /** {@code mean ± std} with two decimals, or {@code –} when no run reached a value. */
    public static String format(Statistic statistic) {
        if (statistic == null || !Double.isFinite(statistic.mean())) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f ± %.2f", statistic.mean(), statistic.std());
    }

    private static String format(Statistic statistic, String number) {
        if (!Double.isFinite(statistic.mean())) {
            return "–";
        }
        return String.format(Locale.ROOT, number + " ± " + number, statistic.mean(), statistic.std());
    }
}
