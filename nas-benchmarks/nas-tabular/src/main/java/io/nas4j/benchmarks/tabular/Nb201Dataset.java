package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;

import java.util.Arrays;
import java.util.List;

/**
 * The three image-classification data sets NAS-Bench-201 trained every cell on, with the columns that
 * hold their accuracies in the 12-epoch and 200-epoch tables.
 */
public enum Nb201Dataset {

    CIFAR10("cifar10", "cifar10-val", "cifar10-test", "CIFAR10TestAccuracy200Epochs"),
    CIFAR100("cifar100", "cifar100-val", "cifar100-test", "CIFAR100TestAccuracy200Epochs"),
    IMAGENET16("imagenet16", "imagenet-val", "imagenet-test", "ImageNetTestAccuracy200Epochs");

    private final String id;
    private final String validation12Column;
    private final String test12Column;
    private final String test200Column;

    Nb201Dataset(String id, String validation12Column, String test12Column, String test200Column) {
        this.id = id;
        this.validation12Column = validation12Column;
        this.test12Column = test12Column;
        this.test200Column = test200Column;
    }

    /** The name used on the command line and in configuration, for example {@code cifar10}. */
    public String id() {
        return id;
    }

    String validation12Column() {
        return validation12Column;
    }

    String test12Column() {
        return test12Column;
    }

    String test200Column() {
        return test200Column;
    }

    /** Every {@link #id()}, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Nb201Dataset::id).toList();
    }

    /**
     * The data set with this id.
     *
     * @throws UserInputException naming the allowed ids when there is none
     */
    public static Nb201Dataset of(String id) {
        for (Nb201Dataset dataset : values()) {
            if (dataset.id.equals(id)) {
                return dataset;
            }
        }
        throw UserInputException.of("dataset", "dataset {} is not part of NAS-Bench-201; allowed: {}", id,
                String.join(", ", ids()));
    }
}
