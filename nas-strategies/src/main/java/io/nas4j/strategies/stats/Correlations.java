package io.nas4j.strategies.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Pearson, Spearman (average ranks for ties) and Kendall tau-b correlations of two paired series: how well
 * a cheap estimate (a proxy, a low fidelity, inherited weights, a latency table) orders architectures the way
 * the expensive measurement does. A constant series has no defined correlation and gives NaN.
 */
public final class Correlations {

    private Correlations() {
    }

    /** Pearson's r; NaN when either series is constant. */
    public static double pearson(double[] x, double[] y) {
        requireSameLength(x, y);
        double meanX = Arrays.stream(x).average().orElseThrow();
        double meanY = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Pearson correlation of the ranks; negative infinity ranks lowest, ties share their mean rank. */
    public static double spearman(double[] x, double[] y) {
        requireSameLength(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /** Kendall's tau-b (ties counted in neither concordant nor discordant pairs, with the tie correction). */
    public static double kendall(double[] x, double[] y) {
        requireSameLength(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                int a = Double.compare(x[i], x[j]);
                int b = Double.compare(y[i], y[j]);
                if (a == 0 && b == 0) {
                    continue;
                }
                if (a == 0) {
                    tiesX++;
                } else if (b == 0) {
                    tiesY++;
                } else if (a == b) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        return (concordant - discordant) / Math.sqrt((double) (concordant + discordant + tiesX)
                * (concordant + discordant + tiesY));
    }

    /** Ranks from 1, ties sharing their mean rank. */
    public static double[] ranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(index -> values[index]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && Double.compare(values[order[end + 1]], values[order[start]]) == 0) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("correlation needs two series of one length, at least 2; got "
                    + x.length + " and " + y.length);
        }
    }
}
