package io.nas4j.benchmarks.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTML report of a suite: SVG charts of every strategy's anytime curve (the mean reported value at
 * each checkpoint, with a band of one standard deviation over the runs), one against trials and one against
 * cost, each with the table of the Markdown report. Self-contained: it opens from disk without a server or
 * scripts.
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
                + " runs (base seed " + summary.seed() + "). " + SummaryFiles.budgets(summary))).append("</p>\n");
        html.append("<h2>Against trials</h2>\n");
        Map<String, Map<Double, Statistic>> byTrials = new LinkedHashMap<>();
        summary.strategies().forEach((name, strategy) -> {
            Map<Double, Statistic> curve = new TreeMap<>();
            strategy.checkpoints().forEach((trials, statistic) -> curve.put((double) trials, statistic));
            byTrials.put(name, curve);
        });
        html.append(svg(byTrials, "trials")).append('\n');
        html.append("<table><tr><th>strategy</th>");
        List<Double> checkpoints = checkpoints(byTrials);
        for (double checkpoint : checkpoints) {
            html.append("<th>").append(SummaryFiles.cost(checkpoint)).append("</th>");
        }
        html.append("<th>overhead ms/trial</th></tr>\n");
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            html.append("<tr><td>").append(escape(entry.getKey())).append("</td>");
            for (double checkpoint : checkpoints) {
                html.append("<td>").append(cell(byTrials.get(entry.getKey()).get(checkpoint))).append("</td>");
            }
            html.append(String.format(Locale.ROOT, "<td>%.3f</td></tr>%n", entry.getValue().overheadMsPerTrial()));
        }
        html.append("</table>\n");

        html.append("<h2>").append(escape("Against cost (" + summary.costUnit() + ")")).append("</h2>\n");
        html.append("<p>").append(escape(SummaryFiles.costMeaning(summary))).append("</p>\n");
        Map<String, Map<Double, Statistic>> byCost = new LinkedHashMap<>();
        summary.strategies().forEach((name, strategy) -> byCost.put(name, strategy.costCheckpoints()));
        html.append(svg(byCost, summary.costUnit())).append('\n');
        html.append("<table><tr><th>strategy</th>");
        List<Double> costs = checkpoints(byCost);
        for (double cost : costs) {
            html.append("<th>").append(SummaryFiles.cost(cost)).append("</th>");
        }
        html.append("<th>").append(escape(summary.costUnit())).append(" per run</th><th>trials per run</th></tr>\n");
        for (Map.Entry<String, StrategySummary> entry : summary.strategies().entrySet()) {
            StrategySummary strategy = entry.getValue();
            html.append("<tr><td>").append(escape(entry.getKey())).append("</td>");
            for (double cost : costs) {
                html.append("<td>").append(cell(strategy.costCheckpoints().get(cost))).append("</td>");
            }
            html.append(String.format(Locale.ROOT, "<td>%.0f</td><td>%.1f</td></tr>%n", strategy.cost().mean(),
                    strategy.trials().mean()));
        }
        html.append("</table>\n</body></html>\n");
        return html.toString();
    }

    private static String cell(Statistic statistic) {
        return statistic == null || !Double.isFinite(statistic.mean()) ? ""
                : String.format(Locale.ROOT, "%.2f ± %.2f", statistic.mean(), statistic.std());
    }

    /** One chart, as an SVG element: each strategy's statistics by position on the x axis, named {@code xLabel}. */
    static String svg(Map<String, Map<Double, Statistic>> curves, String xLabel) {
        List<Double> checkpoints = checkpoints(curves);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Map<Double, Statistic> curve : curves.values()) {
            for (Statistic statistic : curve.values()) {
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
        double maxX = checkpoints.isEmpty() ? 1 : checkpoints.get(checkpoints.size() - 1);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        final double bottomValue = low;
        final double range = high - low;
        java.util.function.DoubleUnaryOperator x = position -> LEFT + plotWidth * position / maxX;
        java.util.function.DoubleUnaryOperator y = value -> TOP + plotHeight * (1 - (value - bottomValue) / range);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"anytime curves against %s\">", WIDTH, HEIGHT, WIDTH,
                HEIGHT, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>",
                LEFT, TOP, plotWidth, plotHeight));
        for (int tick = 0; tick <= 5; tick++) {
            double value = low + range * tick / 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.2f</text>",
                    LEFT - 6, y.applyAsDouble(value) + 4, value));
        }
        for (double checkpoint : checkpoints) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                    x.applyAsDouble(checkpoint), HEIGHT - BOTTOM + 16, SummaryFiles.cost(checkpoint)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
                LEFT + plotWidth / 2, HEIGHT - 6, escape(xLabel)));
        int index = 0;
        for (Map.Entry<String, Map<Double, Statistic>> entry : curves.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            List<double[]> points = new ArrayList<>();
            for (double checkpoint : checkpoints) {
                Statistic statistic = entry.getValue().get(checkpoint);
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

    private static List<Double> checkpoints(Map<String, Map<Double, Statistic>> curves) {
        java.util.TreeSet<Double> all = new java.util.TreeSet<>();
        for (Map<Double, Statistic> curve : curves.values()) {
            all.addAll(curve.keySet());
        }
        return List.copyOf(all);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
