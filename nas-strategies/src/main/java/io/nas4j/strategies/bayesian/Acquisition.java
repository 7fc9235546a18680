package io.nas4j.strategies.bayesian;

/**
 * How desirable it is to evaluate a candidate, from the surrogate's posterior there and the incumbent
 * (the best value observed so far, larger is better). The candidate with the largest value is proposed.
 */
@FunctionalInterface
public interface Acquisition {

    /** The names the setting {@code acquisition} of the Gaussian-process strategy accepts. */
    String NAMES = "ei, ucb";

    /**
     * @param mean      the posterior mean at the candidate
     * @param deviation the posterior standard deviation at the candidate, at least 0
     * @param incumbent the best observed value
     */
    double value(double mean, double deviation, double incumbent);

    /**
     * The acquisition called {@code name}: {@code ei} (expected improvement) or {@code ucb} (upper confidence
     * bound with {@code kappa}).
     *
     * @throws IllegalArgumentException naming the setting {@code acquisition} and the allowed values
     */
    static Acquisition named(String name, double kappa) {
        return switch (name) {
            case "ei" -> new ExpectedImprovement();
            case "ucb" -> new UpperConfidenceBound(kappa);
            default -> throw new IllegalArgumentException("strategy setting acquisition must be one of " + NAMES
                    + ", got " + name);
        };
    }
}
