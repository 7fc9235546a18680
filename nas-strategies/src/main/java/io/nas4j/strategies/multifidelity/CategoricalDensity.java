package io.nas4j.strategies.multifidelity;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A kernel density over vectors of categorical choices: a product, over decisions, of Aitchison-Aitken
 * kernels. Around a point with choice {@code c} the kernel gives {@code 1 - b} to {@code c} and
 * {@code b / (k - 1)} to each of the other {@code k - 1} options, so {@code b = (k - 1) / k} is uniform.
 *
 * <p>Each decision's bandwidth maximises the leave-one-out likelihood of the points on that decision over
 * the fixed grid {@link #BANDWIDTHS} (fractions of the uniform bandwidth): deterministic and cheap, and it
 * adapts to how much the points agree on each decision.
 */
final class CategoricalDensity {

    /** Bandwidths tried, as fractions of the uniform bandwidth {@code (k - 1) / k}. */
    static final double[] BANDWIDTHS = {0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0};

    private final List<int[]> points;
    private final int[] arities;
    private final double[] bandwidths;

    /**
     * @param points  at least one choice vector, each of {@code arities.length} choices
     * @param arities the number of options of each decision
     */
    CategoricalDensity(List<int[]> points, int[] arities) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a density needs at least one point");
        }
        this.points = List.copyOf(points);
        this.arities = arities.clone();
        this.bandwidths = new double[arities.length];
        for (int decision = 0; decision < arities.length; decision++) {
            bandwidths[decision] = bandwidth(decision);
        }
    }

    /** The log density at {@code choices}. */
    double logDensity(int[] choices) {
        return logDensity(choices, 1);
    }

    /**
     * A sample from the density with every bandwidth multiplied by {@code widening} (at most uniform): a
     * kernel centre drawn uniformly, then each decision kept or moved to another option.
     */
    int[] sample(RandomGenerator random, double widening) {
        int[] centre = points.get(random.nextInt(points.size()));
        int[] sample = centre.clone();
        for (int decision = 0; decision < arities.length; decision++) {
            int arity = arities[decision];
            if (arity > 1 && random.nextDouble() < widened(decision, widening)) {
                int option = random.nextInt(arity - 1);
                sample[decision] = option >= centre[decision] ? option + 1 : option;
            }
        }
        return sample;
    }

    private double logDensity(int[] choices, double widening) {
        double[] logs = new double[points.size()];
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logs.length; i++) {
            int[] point = points.get(i);
            double log = 0;
            for (int decision = 0; decision < arities.length; decision++) {
                log += StrictMath.log(kernel(decision, point[decision], choices[decision], widening));
            }
            logs[i] = log;
            largest = Math.max(largest, log);
        }
        // log-sum-exp keeps many decisions from underflowing the product
        double sum = 0;
        for (double log : logs) {
            sum += StrictMath.exp(log - largest);
        }
        return largest + StrictMath.log(sum / logs.length);
    }

    private double kernel(int decision, int centre, int choice, double widening) {
        int arity = arities[decision];
        if (arity == 1) {
            return 1;
        }
        double bandwidth = widened(decision, widening);
        return centre == choice ? 1 - bandwidth : bandwidth / (arity - 1);
    }

    private double widened(int decision, double widening) {
        double uniform = (arities[decision] - 1.0) / arities[decision];
        return Math.min(uniform, bandwidths[decision] * widening);
    }

    /** The grid bandwidth with the largest leave-one-out log likelihood on one decision; ties to the smaller. */
    private double bandwidth(int decision) {
        int arity = arities[decision];
        double uniform = (arity - 1.0) / arity;
        int n = points.size();
        if (arity == 1 || n < 2) {
            return uniform;
        }
        int[] counts = new int[arity];
        for (int[] point : points) {
            counts[point[decision]]++;
        }
        double best = uniform;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double fraction : BANDWIDTHS) {
            double bandwidth = fraction * uniform;
            double likelihood = 0;
            for (int option = 0; option < arity; option++) {
                if (counts[option] == 0) {
                    continue;
                }
                int same = counts[option] - 1;
                int other = n - 1 - same;
                double density = (same * (1 - bandwidth) + other * bandwidth / (arity - 1)) / (n - 1);
                likelihood += counts[option] * StrictMath.log(density);
            }
            if (likelihood > bestLikelihood) {
                best = bandwidth;
                bestLikelihood = likelihood;
            }
        }
        return best;
    }
}
