package io.nas4j.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a suite: an SVG chart of every strategy's anytime curve (the mean reported value at
 * each checkpoint, with a band of one standard deviation over the runs) and the table of the Markdown
 * report. Self-contained: it opens from disk without a server or scripts.
 */
final class SuiteChart {

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 190;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private SuiteChart() {
    }

    static String html(SuiteSummary summary) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape("nas4j " + summary.suite() + " (" + summary.dataset() + ")"))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child"
                        + "{text-align:left}</style></head><body>\n");
        html.append("<h1>").append(escape("Benchmark " + summary.suite() + " (" + summary.dataset() + ")")).append("</h1>\n");
        html.append("<p>").append(escape(summary.reported() + ": mean and one standard deviation over " + summary.runs()
                + " runs (base seed " + summary.seed() + "), against trials of a " + summary.budget()
                + "-trial budget.")).append("</p>\n");
        html.append(svg(summary)).append('\n');
        html.append("<table><tr><th>strategy</th>");
        List<Integer> checkpoints = checkpoints(summary);
        for (int checkpoint : checkpoints) {
            html.append("<th>").append(checkpoint).append("</th>");
        }
        html.append("<th>overhead ms/trial</th></tr>\n");
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            html.append("<tr><td>").append(escape(entry.getKey())).append("</td>");
            for (int checkpoint : checkpoints) {
                Statistic statistic = entry.getValue().checkpoints().get(checkpoint);
                html.append("<td>").append(statistic == null ? "" : String.format(Locale.ROOT, "%.2f ± %.2f",
                        statistic.mean(), statistic.std())).append("</td>");
            }
            html.append(String.format(Locale.ROOT, "<td>%.3f</td></tr>%n", entry.getValue().overheadMsPerTrial()));
        }
        html.append("</table>\n</body></html>\n");
        return html.toString();
    }

    /** The chart alone, as an SVG element. */
    static String svg(SuiteSummary summary) {
        List<Integer> checkpoints = checkpoints(summary);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (StrategySummary strategy : summary.strategies().values()) {
            for (Statistic statistic : strategy.checkpoints().values()) {
                if (Double.isFinite(statistic.mean())) {
                    low = Math.min(low, statistic.mean() - statistic.std());
                    high = Math.max(high, statistic.mean() + statistic.std());
                }
            }
        }
        if (!(high > low)) {
            low = Double.isFinite(low) ? low - 1 : 0;
            high = low + 2;
        }
        double maxTrials = checkpoints.isEmpty() ? 1 : checkpoints.get(checkpoints.size() - 1);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        final double bottomValue = low;
        final double range = high - low;
        java.util.function.DoubleUnaryOperator x = trials -> LEFT + plotWidth * trials / maxTrials;
        java.util.function.DoubleUnaryOperator y = value -> TOP + plotHeight * (1 - (value - bottomValue) / range);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"anytime curves\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>",
                LEFT, TOP, plotWidth, plotHeight));
        for (int tick = 0; tick <= 5; tick++) {
            double value = low + range * tick / 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.2f</text>",
                    LEFT - 6, y.applyAsDouble(value) + 4, value));
        }
        for (int checkpoint : checkpoints) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>",
                    x.applyAsDouble(checkpoint), HEIGHT - BOTTOM + 16, checkpoint));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">trials</text>",
                LEFT + plotWidth / 2, HEIGHT - 6));
        int index = 0;
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            List<double[]> points = new ArrayList<>();
            for (int checkpoint : checkpoints) {
                Statistic statistic = entry.getValue().checkpoints().get(checkpoint);
                if (statistic != null && Double.isFinite(statistic.mean())) {
                    points.add(new double[] {checkpoint, statistic.mean(), statistic.std()});
                }
            }
            StringBuilder band = new StringBuilder();
            for (double[] point : points) {
                band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(point[0]), y.applyAsDouble(point[1] + point[2])));
            }
            for (int i = points.size() - 1; i >= 0; i--) {
                double[] point = points.get(i);
                band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(point[0]), y.applyAsDouble(point[1] - point[2])));
            }
            StringBuilder line = new StringBuilder();
            for (double[] point : points) {
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(point[0]), y.applyAsDouble(point[1])));
            }
            svg.append("<g class=\"strategy\" data-strategy=\"").append(escape(entry.getKey())).append("\">");
            svg.append("<polygon points=\"").append(band.toString().trim()).append("\" fill=\"").append(colour)
                    .append("\" fill-opacity=\"0.12\" stroke=\"none\"/>");
            svg.append("<polyline points=\"").append(line.toString().trim()).append("\" fill=\"none\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"2\"/>");
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", WIDTH - RIGHT + 14, TOP + 18 * index,
                    colour, WIDTH - RIGHT + 32, TOP + 18 * index + 11, escape(entry.getKey())));
            svg.append("</g>");
            index++;
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static List<Integer> checkpoints(SuiteSummary summary) {
        java.util.TreeSet<Integer> all = new java.util.TreeSet<>();
        for (StrategySummary strategy : summary.strategies().values()) {
            all.addAll(strategy.checkpoints().keySet());
        }
        return List.copyOf(all);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
