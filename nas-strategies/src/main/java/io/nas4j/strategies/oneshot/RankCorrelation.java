package io.nas4j.strategies.oneshot;

import java.util.Arrays;
import java.util.Comparator;

/** Spearman's rank correlation, with tied values given their average rank. */
public final class RankCorrelation {

    private RankCorrelation() {
    }

    /** Spearman's rho of two equally long series of at least two values; NaN when either is constant. */
    public static double spearman(double[] first, double[] second) {
        if (first.length != second.length || first.length < 2) {
            throw new IllegalArgumentException("rank correlation needs two series of equal length of at least 2, got "
                    + first.length + " and " + second.length);
        }
        return pearson(ranks(first), ranks(second));
    }

    /** Ranks from 1, ties averaged. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int index = 0; index < order.length; index++) {
            order[index] = index;
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> values[index]));
        double[] ranks = new double[values.length];
        int from = 0;
        while (from < order.length) {
            int to = from;
            while (to + 1 < order.length && values[order[to + 1]] == values[order[from]]) {
                to++;
            }
            double rank = (from + to) / 2.0 + 1;
            for (int index = from; index <= to; index++) {
                ranks[order[index]] = rank;
            }
            from = to + 1;
        }
        return ranks;
    }

    private static double pearson(double[] first, double[] second) {
        double meanFirst = Arrays.stream(first).average().orElseThrow();
        double meanSecond = Arrays.stream(second).average().orElseThrow();
        double covariance = 0;
        double varianceFirst = 0;
        double varianceSecond = 0;
        for (int index = 0; index < first.length; index++) {
            double a = first[index] - meanFirst;
            double b = second[index] - meanSecond;
            covariance += a * b;
            varianceFirst += a * a;
            varianceSecond += b * b;
        }
        if (varianceFirst == 0 || varianceSecond == 0) {
            return Double.NaN;
        }
        return covariance / Math.sqrt(varianceFirst * varianceSecond);
    }
}
