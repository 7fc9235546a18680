package io.nas4j.strategies.oneshot;

import io.nas4j.core.supernet.CandidateOp;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns DARTS's architecture weights into a discrete path: at each choice point the option with the
 * largest weight among those that are not "none" (a zero op never wins, as in DARTS), with an optional
 * limit on skip connections, the collapse guard: when more points than {@code maxSkips} pick the identity,
 * only the {@code maxSkips} with the largest identity probability keep it and the others take their best
 * option that is neither zero nor identity. A second, optional guard limits all parameter-free picks
 * (skips and pooling, {@link CandidateOp#isParameterFree}), the related drift long DARTS searches show:
 * beyond {@code maxParameterFree}, the points least sure of their parameter-free pick take their best
 * option with weights.
 */
public final class Derivation {

    private Derivation() {
    }

    /**
     * The derived path.
     *
     * @param maxSkips the most choice points that may pick an identity option; negative for no limit
     */
    public static int[] derive(SupernetSpec spec, double[][] alphas, int maxSkips) {
        return derive(spec, alphas, maxSkips, -1);
    }

    /**
     * The derived path with both guards.
     *
     * @param maxSkips         the most choice points that may pick an identity option; negative for no limit
     * @param maxParameterFree the most choice points that may pick a parameter-free option (identity or
     *                         pooling), applied after the skip limit; negative for no limit
     */
    public static int[] derive(SupernetSpec spec, double[][] alphas, int maxSkips, int maxParameterFree) {
        int points = spec.points().size();
        if (alphas.length != points) {
            throw new IllegalArgumentException("alphas have " + alphas.length + " rows but the supernet has " + points
                    + " choice points");
        }
        boolean[][] zero = new boolean[points][];
        boolean[][] identity = new boolean[points][];
        boolean[][] free = new boolean[points][];
        for (SupernetNode.Choice choice : spec.choiceNodes()) {
            int point = choice.point();
            if (zero[point] == null) {
                List<CandidateOp> candidates = choice.candidates();
                zero[point] = new boolean[candidates.size()];
                identity[point] = new boolean[candidates.size()];
                free[point] = new boolean[candidates.size()];
                for (int option = 0; option < candidates.size(); option++) {
                    zero[point][option] = candidates.get(option).isZero();
                    identity[point][option] = candidates.get(option).isIdentity();
                    free[point][option] = candidates.get(option).isParameterFree();
                }
            }
        }
        int[] path = new int[points];
        List<Integer> skipping = new ArrayList<>();
        for (int point = 0; point < points; point++) {
            if (alphas[point].length != spec.points().get(point).size()) {
                throw new IllegalArgumentException("alphas of point " + spec.points().get(point).name() + " have "
                        + alphas[point].length + " entries, the point has " + spec.points().get(point).size() + " options");
            }
            path[point] = argmax(alphas[point], zero[point], null);
            if (identity[point][path[point]]) {
                skipping.add(point);
            }
        }
        if (maxSkips >= 0 && skipping.size() > maxSkips) {
            skipping.sort(Comparator.comparingDouble((Integer point) -> softmax(alphas[point])[path[point]]).reversed()
                    .thenComparingInt(point -> point));
            for (int point : skipping.subList(maxSkips, skipping.size())) {
                int other = argmax(alphas[point], zero[point], identity[point]);
                if (other >= 0 && !identity[point][other] && !zero[point][other]) {
                    path[point] = other;
                }
            }
        }
        if (maxParameterFree >= 0) {
            List<Integer> unweighted = new ArrayList<>();
            for (int point = 0; point < points; point++) {
                if (free[point][path[point]] && !zero[point][path[point]]) {
                    unweighted.add(point);
                }
            }
            if (unweighted.size() > maxParameterFree) {
                unweighted.sort(Comparator.comparingDouble((Integer point) -> softmax(alphas[point])[path[point]]).reversed()
                        .thenComparingInt(point -> point));
                for (int point : unweighted.subList(maxParameterFree, unweighted.size())) {
                    int other = argmax(alphas[point], zero[point], free[point]);
                    if (!free[point][other] && !zero[point][other]) {
                        path[point] = other;
                    }
                }
            }
        }
        return path;
    }

    /** How many points of {@code path} pick a parameter-free option other than zero (skips and pooling). */
    public static int parameterFree(SupernetSpec spec, int[] path) {
        boolean[] counted = new boolean[path.length];
        int count = 0;
        for (SupernetNode.Choice choice : spec.choiceNodes()) {
            if (!counted[choice.point()]) {
                counted[choice.point()] = true;
                CandidateOp picked = choice.candidates().get(path[choice.point()]);
                if (picked.isParameterFree() && !picked.isZero()) {
                    count++;
                }
            }
        }
        return count;
    }

    /** How many points of {@code path} pick an identity option. */
    public static int skips(SupernetSpec spec, int[] path) {
        boolean[] counted = new boolean[path.length];
        int count = 0;
        for (SupernetNode.Choice choice : spec.choiceNodes()) {
            if (!counted[choice.point()]) {
                counted[choice.point()] = true;
                if (choice.candidates().get(path[choice.point()]).isIdentity()) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The largest entry not excluded (ties go to the first); the first entry when every one is excluded. */
    private static int argmax(double[] values, boolean[] excluded, boolean[] alsoExcluded) {
        int best = -1;
        for (int index = 0; index < values.length; index++) {
            if (excluded[index] || alsoExcluded != null && alsoExcluded[index]) {
                continue;
            }
            if (best < 0 || values[index] > values[best]) {
                best = index;
            }
        }
        return best < 0 ? 0 : best;
    }

    /** The softmax of one point's weights. */
    public static double[] softmax(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        double[] result = new double[values.length];
        double sum = 0;
        for (int index = 0; index < values.length; index++) {
            result[index] = Math.exp(values[index] - max);
            sum += result[index];
        }
        for (int index = 0; index < values.length; index++) {
            result[index] /= sum;
        }
        return result;
    }
}
