package io.nas4j.core.trial;

/**
 * How much of the full evaluation a trial gets, in resource units the estimator defines (training
 * epochs for live training; 12 or 200 for the NAS-Bench-201 tables). {@link #FULL} asks for the
 * estimator's full fidelity.
 *
 * @param resource positive, or infinity for full fidelity
 */
public record Fidelity(double resource) {

    public static final Fidelity FULL = new Fidelity(Double.POSITIVE_INFINITY);

    public Fidelity {
        if (!(resource > 0)) {
            throw new IllegalArgumentException("fidelity must be positive, got " + resource);
        }
    }

    public static Fidelity of(double resource) {
        return new Fidelity(resource);
    }

    public boolean isFull() {
        return Double.isInfinite(resource);
    }

    @Override
    public String toString() {
        return isFull() ? "full" : Double.toString(resource);
    }
}
