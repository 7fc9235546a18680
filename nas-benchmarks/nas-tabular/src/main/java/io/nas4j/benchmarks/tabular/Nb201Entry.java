package io.nas4j.benchmarks.tabular;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of NAS-Bench-201: a cell and its accuracies on every data set.
 *
 * @param cell     the cell string, as {@link io.nas4j.core.space.CellSpace#format} writes it
 * @param accuracy the accuracies by data set; every data set is present
 */
public record Nb201Entry(String cell, Map<Nb201Dataset, Nb201Accuracy> accuracy) {

    public Nb201Entry {
        Objects.requireNonNull(cell, "cell");
        accuracy = new EnumMap<>(accuracy);
        for (Nb201Dataset dataset : Nb201Dataset.values()) {
            if (!accuracy.containsKey(dataset)) {
                throw new IllegalArgumentException("cell " + cell + " lacks accuracies on " + dataset.id());
            }
        }
        accuracy = Map.copyOf(accuracy);
    }

    /** The accuracies on {@code dataset}. */
    public Nb201Accuracy on(Nb201Dataset dataset) {
        return accuracy.get(dataset);
    }
}
