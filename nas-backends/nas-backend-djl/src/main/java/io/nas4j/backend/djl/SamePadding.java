package io.nas4j.backend.djl;

import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * The IR's "same" padding for one windowed op on one input ({@link io.nas4j.core.network.Op}'s rule):
 * odd kernels pad {@code dilation * (kernel - 1) / 2} on both sides, which PyTorch's own padding argument
 * expresses; even kernels pad TensorFlow's total {@code max((ceil(in / s) - 1) * s + (kernel - 1) * dilation
 * + 1 - in, 0)} with the extra element at the end, which PyTorch cannot express, so the input is padded
 * explicitly first.
 *
 * @param before padding at the start of each spatial axis
 * @param after  padding at the end of each spatial axis
 */
record SamePadding(long[] before, long[] after) {

    static SamePadding of(List<Integer> spatialExtents, int kernel, int stride, int dilation) {
        int axes = spatialExtents.size();
        long[] before = new long[axes];
        long[] after = new long[axes];
        for (int axis = 0; axis < axes; axis++) {
            if (kernel % 2 == 1) {
                before[axis] = (long) dilation * (kernel - 1) / 2;
                after[axis] = before[axis];
            } else {
                long extent = spatialExtents.get(axis);
                long outputs = (extent + stride - 1) / stride;
                long total = Math.max((outputs - 1) * stride + (long) (kernel - 1) * dilation + 1 - extent, 0);
                before[axis] = total / 2;
                after[axis] = total - before[axis];
            }
        }
        return new SamePadding(before, after);
    }

    /** Whether the padding is the same on both sides of every axis (PyTorch's padding argument). */
    boolean symmetric() {
        for (int axis = 0; axis < before.length; axis++) {
            if (before[axis] != after[axis]) {
                return false;
            }
        }
        return true;
    }

    /** Whether any axis is padded at all. */
    boolean pads() {
        for (int axis = 0; axis < before.length; axis++) {
            if (before[axis] != 0 || after[axis] != 0) {
                return true;
            }
        }
        return false;
    }

    /** The per-axis padding for PyTorch's padding argument; only meaningful when {@link #symmetric()}. */
    Shape symmetricShape() {
        return new Shape(before);
    }

    /** The argument of {@code NDArray.pad}: pairs (start, end), last axis first, as PyTorch's {@code pad}. */
    Shape padShape() {
        long[] pairs = new long[2 * before.length];
        for (int axis = 0; axis < before.length; axis++) {
            int fromLast = before.length - 1 - axis;
            pairs[2 * fromLast] = before[axis];
            pairs[2 * fromLast + 1] = after[axis];
        }
        return new Shape(pairs);
    }

    /** No padding on each of {@code axes} axes. */
    static Shape none(int axes) {
        return new Shape(new long[axes]);
    }
}
