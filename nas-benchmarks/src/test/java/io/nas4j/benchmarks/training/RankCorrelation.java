package io.nas4j.benchmarks.training;

import java.util.Arrays;
import java.util.Comparator;

/** Spearman's rho (on average ranks, so ties count once) and Kendall's tau-b of two paired samples. */
final class RankCorrelation {

    private RankCorrelation() {
    }

    static double spearman(double[] a, double[] b) {
        requirePaired(a, b);
        return pearson(ranks(a), ranks(b));
    }

    static double kendall(double[] a, double[] b) {
        requirePaired(a, b);
        long concordant = 0;
        long discordant = 0;
        long tiesA = 0;
        long tiesB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                double x = Math.signum(a[i] - a[j]);
                double y = Math.signum(b[i] - b[j]);
                if (x == 0 && y == 0) {
                    continue;
                }
                if (x == 0) {
                    tiesA++;
                } else if (y == 0) {
                    tiesB++;
                } else if (x == y) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesA) * (concordant + discordant + tiesB));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Ranks from 1, ties sharing their average rank. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
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

    private static double pearson(double[] a, double[] b) {
        double meanA = Arrays.stream(a).average().orElse(0);
        double meanB = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - meanA) * (b[i] - meanB);
            saa += (a[i] - meanA) * (a[i] - meanA);
            sbb += (b[i] - meanB) * (b[i] - meanB);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    private static void requirePaired(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("need two samples of equal length, at least 2, got " + a.length + " and "
                    + b.length);
        }
    }
}
