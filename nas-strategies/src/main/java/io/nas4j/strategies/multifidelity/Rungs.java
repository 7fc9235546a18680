package io.nas4j.strategies.multifidelity;

import io.nas4j.core.search.StrategySettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The fidelities a multi-fidelity strategy evaluates at, lowest first, and its promotion rate: after a
 * rung, the best {@code 1 / eta} of its configurations go on to the next.
 *
 * <p>Resources are in the estimator's units: on the tabular NAS-Bench-201 suite a resource below 200 reads
 * the 12-epoch table and 200 the 200-epoch one; with live training they are epochs. A strategy built on
 * these rungs proposes exactly these resources and no others.
 *
 * @param resources strictly increasing positive resources, at least one
 * @param eta       the promotion rate, at least 2
 */
public record Rungs(List<Double> resources, int eta) {

    /** The default rungs: the two NAS-Bench-201 tables. */
    public static final String DEFAULT_RESOURCES = "12,200";

    /** The default promotion rate on given rungs, as in Hyperband and BOHB. */
    public static final int DEFAULT_ETA = 3;

    /**
     * The default promotion rate on the default rungs: 200 / 12 rounded. Hyperband's rungs grow by eta, so that
     * every rung of a bracket costs about the same (here 17 evaluations of 12 epochs against one of 200); at
     * eta 3 the 200-epoch rung would cost 5.6 times the 12-epoch one, which pays only when trials are counted
     * instead of epochs.
     */
    public static final int DEFAULT_LADDER_ETA = 17;

    public Rungs {
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("strategy setting resources needs at least one resource");
        }
        for (int i = 0; i < resources.size(); i++) {
            double resource = resources.get(i);
            if (!(resource > 0) || Double.isInfinite(resource) || i > 0 && !(resource > resources.get(i - 1))) {
                throw new IllegalArgumentException("strategy setting resources must be finite positive numbers in "
                        + "increasing order, got " + resources);
            }
        }
        if (eta < 2) {
            throw new IllegalArgumentException("strategy setting eta must be an integer from 2 to 100, got " + eta);
        }
    }

    /**
     * The rungs named by the settings {@code resources} (comma-separated, default {@value #DEFAULT_RESOURCES})
     * and {@code eta} (2 to 100, default {@value #DEFAULT_LADDER_ETA} on the default resources and
     * {@value #DEFAULT_ETA} on given ones).
     */
    public static Rungs of(StrategySettings settings) {
        String text = settings.text("resources", DEFAULT_RESOURCES);
        int defaultEta = givesResources(settings) ? DEFAULT_ETA : DEFAULT_LADDER_ETA;
        List<Double> resources = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                resources.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("strategy setting resources must be comma-separated positive "
                        + "numbers in increasing order, for example " + DEFAULT_RESOURCES + ", got " + text);
            }
        }
        int eta = settings.integer("eta", defaultEta);
        if (eta > 100) {
            throw new IllegalArgumentException("strategy setting eta must be an integer from 2 to 100, got " + eta);
        }
        return new Rungs(resources, eta);
    }

    /** Whether {@code settings} name the resources, rather than leave them at {@value #DEFAULT_RESOURCES}. */
    static boolean givesResources(StrategySettings settings) {
        return settings.text("resources", null) != null;
    }

    /** The number of rungs. */
    public int count() {
        return resources.size();
    }

    /** The resource of rung {@code rung}. */
    public double resource(int rung) {
        return resources.get(rung);
    }

    /** The rung whose resource is {@code resource}, or -1. */
    public int rungOf(double resource) {
        return resources.indexOf(resource);
    }

    /** The top rung's index. */
    public int top() {
        return resources.size() - 1;
    }
}
