package io.nas4j.core.network;

import java.util.List;

/**
 * The anchors at every position of one feature level: one box per size and aspect ratio, sizes in input
 * pixels, the ratio being height over width, so an anchor of size {@code s} and ratio {@code r} is
 * {@code s / sqrt(r)} wide and {@code s * sqrt(r)} tall. At one position the anchors come size by size,
 * and within a size ratio by ratio: anchor {@code a = sizeIndex * ratios + ratioIndex}.
 *
 * @param sizes        anchor sizes in input pixels, each positive and finite
 * @param aspectRatios height-to-width ratios, each positive and finite
 */
public record AnchorSet(List<Double> sizes, List<Double> aspectRatios) {

    public AnchorSet {
        sizes = List.copyOf(sizes);
        aspectRatios = List.copyOf(aspectRatios);
        if (sizes.isEmpty() || aspectRatios.isEmpty()) {
            throw new IllegalArgumentException("an anchor set needs at least one size and one aspect ratio");
        }
        for (double value : sizes) {
            requirePositive("anchor size", value);
        }
        for (double value : aspectRatios) {
            requirePositive("aspect ratio", value);
        }
    }

    /** Anchors at one position: sizes times ratios. */
    public int perPosition() {
        return sizes.size() * aspectRatios.size();
    }

    /** The width of anchor {@code a} at a position. */
    public double width(int anchor) {
        return sizes.get(anchor / aspectRatios.size()) / Math.sqrt(aspectRatios.get(anchor % aspectRatios.size()));
    }

    /** The height of anchor {@code a} at a position. */
    public double height(int anchor) {
        return sizes.get(anchor / aspectRatios.size()) * Math.sqrt(aspectRatios.get(anchor % aspectRatios.size()));
    }

    private static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + value);
        }
    }
}
