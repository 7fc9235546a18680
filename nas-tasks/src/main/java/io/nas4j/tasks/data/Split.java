package io.nas4j.tasks.data;

import io.nas4j.core.port.Dataset;

import java.util.Objects;

/**
 * A dataset divided three ways: {@code train} to fit weights, {@code validation} to rank architectures
 * during a search, {@code test} to report the final result once.
 *
 * <p>Contract: the three share an input shape and a class count; which examples fall where is the
 * producer's promise (see {@link Splits}), not checked here.
 */
public record Split(Dataset train, Dataset validation, Dataset test) {

    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        for (Dataset other : new Dataset[] {validation, test}) {
            if (!other.inputShape().equals(train.inputShape()) || other.classes() != train.classes()) {
                throw new IllegalArgumentException("the splits disagree: " + train.name() + " has shape "
                        + train.inputShape() + " and " + train.classes() + " classes, " + other.name()
                        + " has shape " + other.inputShape() + " and " + other.classes() + " classes");
            }
        }
    }
}
