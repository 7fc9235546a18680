package io.nas4j.strategies.bayesian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Expected hypervolume improvement (Emmerich, Giannakoglou and Naujoks 2006, "Single- and multiobjective
 * evolutionary optimization assisted by Gaussian random field metamodels", IEEE TEC 10(4)): how much
 * hypervolume a candidate is expected to add to a set of points when each of its objectives is an
 * independent normal, as a Gaussian process per objective predicts. Scores are larger-is-better, as in
 * {@link io.nas4j.core.objective.Pareto}.
 *
 * <p>Computed exactly, not by sampling. The region above the reference point that the points do not
 * dominate is cut into boxes along the points' coordinates in every objective but the last; in each box the
 * undominated part is everything above one level of the last objective. With independent objectives the
 * expected volume a candidate {@code Y} covers in a box {@code [l, u]} is the product over objectives of
 * {@code E[max(Y - l, 0)] - E[max(Y - u, 0)]}, each an expected improvement in closed form; the sum over
 * boxes is the expected improvement of the hypervolume. With one objective this is the expected improvement
 * over the best point (or the reference, if higher).
 *
 * <p>Immutable and thread-safe. Building it costs {@code O((k+1)^(d-1) k d)} for {@code k} points in
 * {@code d} objectives and each {@link #value} {@code O((k+1)^(d-1) d)}: instant for the fronts of a search
 * in two or three objectives.
 */
public final class ExpectedHypervolumeImprovement {

    private static final ExpectedImprovement IMPROVEMENT = new ExpectedImprovement();

    private final int dimensions;
    /** Per box, the lower bound in each objective but the last. */
    private final double[][] lowers;
    /** Per box, the upper bound in each objective but the last; infinite for the outermost boxes. */
    private final double[][] uppers;
    /** Per box, the level of the last objective above which the box is not dominated. */
    private final double[] levels;

    private ExpectedHypervolumeImprovement(int dimensions, double[][] lowers, double[][] uppers, double[] levels) {
        this.dimensions = dimensions;
        this.lowers = lowers;
        this.uppers = uppers;
        this.levels = levels;
    }

    /**
     * The improvement over {@code points} with respect to {@code reference}. Points not strictly above the
     * reference in every objective dominate nothing in the region measured and are ignored, as are dominated
     * points.
     *
     * @param points    score vectors as long as {@code reference}; not modified
     * @param reference the reference point, finite
     * @throws IllegalArgumentException when a point's length differs from the reference's or the reference is
     *                                  empty or not finite
     */
    public static ExpectedHypervolumeImprovement over(List<double[]> points, double[] reference) {
        Objects.requireNonNull(points, "points");
        int dimensions = reference.length;
        if (dimensions == 0) {
            throw new IllegalArgumentException("the reference point needs at least one objective");
        }
        for (double component : reference) {
            if (!Double.isFinite(component)) {
                throw new IllegalArgumentException("the reference point must be finite: " + Arrays.toString(reference));
            }
        }
        List<double[]> above = new ArrayList<>(points.size());
        for (double[] point : points) {
            if (point.length != dimensions) {
                throw new IllegalArgumentException("a point has " + point.length + " objectives, the reference "
                        + dimensions);
            }
            boolean inside = true;
            for (int j = 0; j < dimensions; j++) {
                inside &= point[j] > reference[j];
            }
            if (inside) {
                above.add(point);
            }
        }
        int cut = dimensions - 1;
        // the grid lines of each cut objective: the reference, then the points' distinct coordinates ascending
        double[][] lines = new double[cut][];
        int boxes = 1;
        for (int j = 0; j < cut; j++) {
            final int objective = j;
            double[] coordinates = above.stream().mapToDouble(point -> point[objective]).sorted().distinct().toArray();
            lines[j] = new double[coordinates.length + 1];
            lines[j][0] = reference[j];
            System.arraycopy(coordinates, 0, lines[j], 1, coordinates.length);
            boxes = Math.multiplyExact(boxes, lines[j].length);
        }
        double[][] lowers = new double[boxes][cut];
        double[][] uppers = new double[boxes][cut];
        double[] levels = new double[boxes];
        int[] index = new int[cut];
        for (int box = 0; box < boxes; box++) {
            for (int j = 0; j < cut; j++) {
                lowers[box][j] = lines[j][index[j]];
                uppers[box][j] = index[j] + 1 < lines[j].length ? lines[j][index[j] + 1] : Double.POSITIVE_INFINITY;
            }
            // inside the box a point covers the cut objectives exactly when it reaches the box's upper corner
            double level = reference[cut];
            for (double[] point : above) {
                boolean covers = true;
                for (int j = 0; j < cut && covers; j++) {
                    covers = point[j] >= uppers[box][j];
                }
                if (covers) {
                    level = Math.max(level, point[cut]);
                }
            }
            levels[box] = level;
            for (int j = 0; j < cut && ++index[j] == lines[j].length; j++) {
                index[j] = 0;
            }
        }
        return new ExpectedHypervolumeImprovement(dimensions, lowers, uppers, levels);
    }

    /**
     * The expected improvement of a candidate whose objective {@code j} is normal with mean {@code means[j]}
     * and standard deviation {@code deviations[j]} (0 for a value known exactly); at least 0.
     */
    public double value(double[] means, double[] deviations) {
        if (means.length != dimensions || deviations.length != dimensions) {
            throw new IllegalArgumentException("need " + dimensions + " means and deviations, got " + means.length
                    + " and " + deviations.length);
        }
        int cut = dimensions - 1;
        double total = 0;
        for (int box = 0; box < levels.length; box++) {
            double volume = IMPROVEMENT.value(means[cut], deviations[cut], levels[box]);
            for (int j = 0; j < cut && volume > 0; j++) {
                double upper = uppers[box][j];
                double beyondUpper = upper == Double.POSITIVE_INFINITY ? 0
                        : IMPROVEMENT.value(means[j], deviations[j], upper);
                volume *= Math.max(0, IMPROVEMENT.value(means[j], deviations[j], lowers[box][j]) - beyondUpper);
            }
            total += volume;
        }
        return total;
    }
}
