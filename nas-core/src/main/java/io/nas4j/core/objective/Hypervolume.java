package io.nas4j.core.objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Exact hypervolume of score vectors in which larger is better for every component (as in {@link Pareto};
 * turn metrics into scores with {@link Objective#score}).
 *
 * <p>The hypervolume of a set of points with respect to a reference point {@code r} is the volume of the
 * union of the boxes {@code [r, p]}: everything that some point weakly dominates and that weakly
 * dominates {@code r}. A point that is not strictly better than {@code r} in every component spans an
 * empty box and adds nothing, as does a point with a NaN component (a missing metric). Dominated and
 * duplicate points add nothing either, so the hypervolume of a whole population equals that of its first
 * front.
 *
 * <p>Two objectives are computed by a sweep in {@code O(n log n)}; more objectives by slicing along the
 * last objective and recursing on the slices (the dimension-sweep scheme of HSO), in
 * {@code O(n^(d-1) log n)} for {@code d} objectives, which is exact and quick for the front sizes of a
 * search (hundreds of points, two to four objectives).
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    /**
     * The hypervolume dominated by {@code points} and dominating {@code reference}.
     *
     * @param points score vectors, each as long as {@code reference}; not modified
     * @param reference the reference point, finite in every component
     * @return a non-negative volume, 0 for no points; infinite when a point has an infinite component
     * @throws IllegalArgumentException when a point's length differs from the reference's, or the
     *     reference is empty or not finite
     */
    public static double of(List<double[]> points, double[] reference) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(reference, "reference");
        if (reference.length == 0) {
            throw new IllegalArgumentException("the reference point needs at least one objective");
        }
        for (double component : reference) {
            if (!Double.isFinite(component)) {
                throw new IllegalArgumentException("the reference point must be finite: "
                        + Arrays.toString(reference));
            }
        }
        List<double[]> boxes = new ArrayList<>(points.size());
        for (double[] point : points) {
            if (point.length != reference.length) {
                throw new IllegalArgumentException("a point has " + point.length + " objectives, the reference "
                        + reference.length);
            }
            // Shift so that the reference is the origin; keep only points spanning a non-empty box.
            double[] shifted = new double[point.length];
            boolean spansBox = true;
            for (int i = 0; i < point.length; i++) {
                shifted[i] = point[i] - reference[i];
                spansBox &= shifted[i] > 0; // false for NaN too
            }
            if (spansBox) {
                boxes.add(shifted);
            }
        }
        return volume(boxes, reference.length);
    }

    /**
     * The hypervolume that point {@code index} alone adds to {@code points}: the volume lost by removing
     * it. Zero for a dominated or duplicated point; the NSGA-II/SMS-EMOA style measure for discarding
     * the least useful member of a front.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not an index of {@code points}
     */
    public static double contribution(List<double[]> points, double[] reference, int index) {
        Objects.checkIndex(index, points.size());
        List<double[]> others = new ArrayList<>(points);
        others.remove(index);
        return Math.max(0, of(points, reference) - of(others, reference));
    }

    /** Volume of the union of boxes {@code [0, p]}; every component of every point is positive. */
    private static double volume(List<double[]> points, int dimensions) {
        if (points.isEmpty()) {
            return 0;
        }
        if (dimensions == 1) {
            double best = 0;
            for (double[] point : points) {
                best = Math.max(best, point[0]);
            }
            return best;
        }
        if (dimensions == 2) {
            return sweep(points);
        }
        int last = dimensions - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble((double[] point) -> point[last]).reversed());
        // Slab between consecutive levels of the last objective: its cross-section is the (d-1)-volume of
        // every point reaching at least that level.
        double total = 0;
        List<double[]> reaching = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            reaching.add(sorted.get(i));
            double level = sorted.get(i)[last];
            double next = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : 0;
            if (level > next) {
                total += volume(reaching, last) * (level - next);
            }
        }
        return total;
    }

    /** Area of the union of rectangles {@code [0, p]} in the first two components. */
    private static double sweep(List<double[]> points) {
        double[][] sorted = points.toArray(double[][]::new);
        // By the first component descending; each point adds the strip above the best second component so far.
        Arrays.sort(sorted, Comparator.comparingDouble((double[] point) -> point[0]).reversed()
                .thenComparing(Comparator.comparingDouble((double[] point) -> point[1]).reversed()));
        double area = 0;
        double height = 0;
        for (double[] point : sorted) {
            if (point[1] > height) {
                area += point[0] * (point[1] - height);
                height = point[1];
            }
        }
        return area;
    }
}
