package io.nas4j.backend.tensorflow;

import java.util.Arrays;
import java.util.List;

/**
 * The padding of one windowed op on one input, per spatial axis. {@link #of} is the IR's "same" rule
 * ({@link io.nas4j.core.network.Op}): odd kernels pad {@code dilation * (kernel - 1) / 2} on both sides;
 * even kernels pad the total {@code max((ceil(in / s) - 1) * s + (kernel - 1) * dilation + 1 - in, 0)} with
 * the extra element at the end. TensorFlow's own {@code SAME} ({@link #tensorflowSame}) uses that total for
 * every kernel, so the two differ only for odd kernels with a stride, where TensorFlow pads less at the
 * start; {@link #isTensorflowSame} says when the native {@code SAME} may be used, otherwise the input is
 * padded explicitly and the op runs {@code VALID}.
 */
final class Padding {

    private final int[] before;
    private final int[] after;

    private Padding(int[] before, int[] after) {
        this.before = before;
        this.after = after;
    }

    /** The IR's padding for a kernel, stride and dilation over these spatial extents. */
    static Padding of(List<Integer> extents, int kernel, int stride, int dilation) {
        int axes = extents.size();
        int[] before = new int[axes];
        int[] after = new int[axes];
        for (int axis = 0; axis < axes; axis++) {
            if (kernel % 2 == 1) {
                before[axis] = dilation * (kernel - 1) / 2;
                after[axis] = before[axis];
            } else {
                int total = total(extents.get(axis), kernel, stride, dilation);
                before[axis] = total / 2;
                after[axis] = total - before[axis];
            }
        }
        return new Padding(before, after);
    }

    /** What TensorFlow's {@code SAME} pads for the same op. */
    static Padding tensorflowSame(List<Integer> extents, int kernel, int stride, int dilation) {
        int axes = extents.size();
        int[] before = new int[axes];
        int[] after = new int[axes];
        for (int axis = 0; axis < axes; axis++) {
            int total = total(extents.get(axis), kernel, stride, dilation);
            before[axis] = total / 2;
            after[axis] = total - before[axis];
        }
        return new Padding(before, after);
    }

    private static int total(int extent, int kernel, int stride, int dilation) {
        int outputs = (extent + stride - 1) / stride;
        return Math.max((outputs - 1) * stride + (kernel - 1) * dilation + 1 - extent, 0);
    }

    /** Whether this padding is what TensorFlow's {@code SAME} does for the same op. */
    boolean isTensorflowSame(List<Integer> extents, int kernel, int stride, int dilation) {
        Padding native_ = tensorflowSame(extents, kernel, stride, dilation);
        return Arrays.equals(before, native_.before) && Arrays.equals(after, native_.after);
    }

    /** Whether no axis is padded. */
    boolean none() {
        return Arrays.stream(before).allMatch(value -> value == 0) && Arrays.stream(after).allMatch(value -> value == 0);
    }

    /** The {@code paddings} argument of {@code Pad} for a channels-last tensor: no padding of batch and channels. */
    int[][] channelsLast() {
        int[][] pairs = new int[before.length + 2][2];
        for (int axis = 0; axis < before.length; axis++) {
            pairs[axis + 1][0] = before[axis];
            pairs[axis + 1][1] = after[axis];
        }
        return pairs;
    }

    /** Spatial extents after padding. */
    int[] padded(List<Integer> extents) {
        int[] padded = new int[extents.size()];
        for (int axis = 0; axis < padded.length; axis++) {
            padded[axis] = extents.get(axis) + before[axis] + after[axis];
        }
        return padded;
    }

    @Override
    public String toString() {
        return "Padding" + Arrays.toString(before) + Arrays.toString(after);
    }
}
