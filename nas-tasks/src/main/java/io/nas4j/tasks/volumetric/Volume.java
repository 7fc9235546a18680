package io.nas4j.tasks.volumetric;

import io.nas4j.tasks.data.NiftiFile;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 3D scalar volume on a voxel grid, x varying fastest, then y, then z (the NIfTI order): an MRI
 * intensity image or an atlas of region labels.
 *
 * <p>Contract: immutable; {@link #of} copies its array and nothing hands the values out except as a copy.
 */
public final class Volume {

    private final int width;
    private final int height;
    private final int depth;
    private final float[] values;

    private Volume(int width, int height, int depth, float[] values) {
        Objects.requireNonNull(values, "values");
        if (width < 1 || height < 1 || depth < 1) {
            throw new IllegalArgumentException("extents must be positive, got " + width + "x" + height + "x" + depth);
        }
        if ((long) width * height * depth != values.length) {
            throw new IllegalArgumentException(width + "x" + height + "x" + depth + " voxels need "
                    + (long) width * height * depth + " values, got " + values.length);
        }
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.values = values;
    }

    /** A volume over a copy of {@code values}, x fastest. */
    public static Volume of(int width, int height, int depth, float[] values) {
        return new Volume(width, height, depth, values.clone());
    }

    /**
     * The first three axes of a NIfTI image, scaled (its first volume when it has a fourth axis).
     *
     * @throws IllegalArgumentException when the image has fewer than three axes
     */
    public static Volume of(NiftiFile image) {
        if (image.dims().size() < 3) {
            throw new IllegalArgumentException(image.file() + " has " + image.dims().size() + " axes, a volume needs 3");
        }
        int width = image.extent(0);
        int height = image.extent(1);
        int depth = image.extent(2);
        float[] all = image.toFloats();
        int voxels = width * height * depth;
        return new Volume(width, height, depth, all.length == voxels ? all : Arrays.copyOf(all, voxels));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int depth() {
        return depth;
    }

    /** The value at voxel {@code (x, y, z)}. */
    public float value(int x, int y, int z) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        Objects.checkIndex(z, depth);
        return values[(z * height + y) * width + x];
    }

    /** A copy of every value, x fastest. */
    public float[] values() {
        return values.clone();
    }

    /** True when both volumes have the same extents. */
    public boolean sameGrid(Volume other) {
        return width == other.width && height == other.height && depth == other.depth;
    }

    @Override
    public String toString() {
        return "Volume[" + width + "x" + height + "x" + depth + "]";
    }
}
