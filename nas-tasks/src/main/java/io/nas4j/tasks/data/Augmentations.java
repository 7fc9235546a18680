package io.nas4j.tasks.data;

import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;

import java.util.Objects;

/** The image augmentations a task can ask its backend for, and training data that carries one. */
public final class Augmentations {

    /** The largest crop padding {@link #parse} accepts. */
    public static final int MAX_PADDING = 16;

    private Augmentations() {
    }

    /** Mirrors each example left to right with probability {@code probability}. */
    public static Augmentation horizontalFlip(double probability) {
        return new HorizontalFlip(probability);
    }

    /**
     * Shifts each image by up to {@code padding} pixels in each direction, filling with zeros: the usual
     * "pad by {@code padding}, crop back at a random position" of CIFAR training.
     */
    public static Augmentation randomCrop(int padding) {
        return new RandomCrop(padding);
    }

    /**
     * Shifts each image by up to {@code padding} pixels in each direction, filling the uncovered border with
     * the nearest edge pixel: for images whose border is background (Fashion-MNIST), a shift that adds no
     * frame of the mean colour.
     */
    public static Augmentation randomCropEdge(int padding) {
        return new RandomCrop(padding, RandomCrop.Fill.EDGE);
    }

    /** The CIFAR recipe: a random crop with 4 pixels of padding, then a flip with probability one half. */
    public static Augmentation standardImage() {
        return randomCrop(4).andThen(horizontalFlip(0.5));
    }

    /**
     * The augmentation {@code text} names: {@code none}; {@code standard} (the CIFAR recipe); or terms
     * joined by commas and applied in that order: {@code flip} (a horizontal flip with probability one
     * half), {@code crop=P} (a random crop with P pixels of zero padding) and {@code edge-crop=P} (the same
     * with the edge pixels as padding). For example {@code edge-crop=2,flip}.
     *
     * @throws IllegalArgumentException saying what is allowed when {@code text} is not such a name
     */
    public static Augmentation parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.equals("none")) {
            return Augmentation.none();
        }
        if (trimmed.equals("standard")) {
            return standardImage();
        }
        Augmentation result = null;
        for (String part : trimmed.split(",", -1)) {
            String term = part.trim();
            Augmentation next;
            if (term.equals("flip")) {
                next = horizontalFlip(0.5);
            } else if (term.startsWith("crop=")) {
                next = randomCrop(padding(term.substring("crop=".length()), text));
            } else if (term.startsWith("edge-crop=")) {
                next = randomCropEdge(padding(term.substring("edge-crop=".length()), text));
            } else {
                throw new IllegalArgumentException(unknown(text));
            }
            result = result == null ? next : result.andThen(next);
        }
        return result;
    }

    private static int padding(String value, String text) {
        try {
            int padding = Integer.parseInt(value.trim());
            if (padding >= 1 && padding <= MAX_PADDING) {
                return padding;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("augmentation " + text + ": a crop's padding must be a whole number of"
                + " pixels from 1 to " + MAX_PADDING + ", got " + value);
    }

    private static String unknown(String text) {
        return "augmentation " + text + " is unknown; allowed: none, standard, or flip, crop=P and edge-crop=P"
                + " joined by commas (for example edge-crop=2,flip)";
    }

    /**
     * {@code data} with {@code augmentation} as what backends apply to its training batches; its subsets
     * keep it. With {@link Augmentation#none()}, {@code data} itself.
     */
    public static Dataset augmented(Dataset data, Augmentation augmentation) {
        return augmentation.isNone() ? data : new AugmentedDataset(data, augmentation);
    }
}
