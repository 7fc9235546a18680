package io.nas4j.core.objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance, non-dominated sorting and crowding distance over score vectors in which larger is
 * better for every component (turn metrics into scores with {@link Objective#score}).
 */
public final class Pareto {

    private Pareto() {
    }

    /** True when {@code a} is at least as good as {@code b} everywhere and better somewhere. */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("score vectors differ in length: " + a.length + " vs " + b.length);
        }
        boolean strictlyBetter = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < b[i]) {
                return false;
            }
            if (a[i] > b[i]) {
                strictlyBetter = true;
            }
        }
        return strictlyBetter;
    }

    /**
     * Fast non-dominated sorting (Deb et al. 2002): the indices of {@code points} by front, the first
     * front holding the non-dominated points. Indices within a front are ascending.
     */
    public static List<List<Integer>> sort(List<double[]> points) {
        int n = points.size();
        int[] dominatedByCount = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(points.get(i), points.get(j))) {
                    dominates.get(i).add(j);
                    dominatedByCount[j]++;
                } else if (dominates(points.get(j), points.get(i))) {
                    dominates.get(j).add(i);
                    dominatedByCount[i]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (dominatedByCount[i] == 0) {
                current.add(i);
            }
        }
        List<List<Integer>> fronts = new ArrayList<>();
        while (!current.isEmpty()) {
            fronts.add(current);
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int j : dominates.get(i)) {
                    if (--dominatedByCount[j] == 0) {
                        next.add(j);
                    }
                }
            }
            next.sort(Comparator.naturalOrder());
            current = next;
        }
        return fronts;
    }

    /** The indices of the non-dominated points, ascending. */
    public static List<Integer> front(List<double[]> points) {
        List<List<Integer>> fronts = sort(points);
        return fronts.isEmpty() ? List.of() : fronts.get(0);
    }

    /**
     * Crowding distance of each member of {@code front} (NSGA-II): boundary points get infinity, the rest
     * the sum over objectives of the normalised gap between their neighbours. Aligned with {@code front}.
     */
    public static double[] crowdingDistance(List<double[]> points, List<Integer> front) {
        int size = front.size();
        double[] distance = new double[size];
        if (size == 0) {
            return distance;
        }
        int objectives = points.get(front.get(0)).length;
        Integer[] order = new Integer[size];
        for (int m = 0; m < objectives; m++) {
            final int objective = m;
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> points.get(front.get(i))[objective]));
            double min = points.get(front.get(order[0]))[objective];
            double max = points.get(front.get(order[size - 1]))[objective];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[size - 1]] = Double.POSITIVE_INFINITY;
            if (max == min) {
                continue;
            }
            for (int i = 1; i < size - 1; i++) {
                double gap = points.get(front.get(order[i + 1]))[objective]
                        - points.get(front.get(order[i - 1]))[objective];
                distance[order[i]] += gap / (max - min);
            }
        }
        return distance;
    }
}
