package io.nas4j.tasks.data;

import io.nas4j.core.port.Dataset;

import java.util.Objects;

/**
 * A dataset as its publisher divides it: a training part and a test part (MNIST's 60,000 and 10,000, for
 * example). {@link Splits#withValidation} carves a validation part out of the training part.
 *
 * @param name  the dataset's name, for example {@code mnist}; the parts are named {@code name/train} and
 *              {@code name/test}
 * @param train the publisher's training examples
 * @param test  the publisher's test examples
 */
public record TrainTest(String name, Dataset train, Dataset test) {

    public TrainTest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!test.inputShape().equals(train.inputShape()) || test.classes() != train.classes()) {
            throw new IllegalArgumentException(name + ": the training part has shape " + train.inputShape()
                    + " and " + train.classes() + " classes, the test part has shape " + test.inputShape()
                    + " and " + test.classes() + " classes");
        }
    }
}
