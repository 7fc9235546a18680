package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-scale fusion ({@link io.nas4j.core.network.Op.MultiScaleFusion}): each input is projected by a
 * 1x1 convolution with bias, resized to the first input's spatial extents (average pooling by the integer
 * factor to shrink, nearest-neighbour repetition to grow, axis by axis) and the results are summed.
 * Projection comes before resizing, as the IR counts it.
 */
final class MultiScaleFusionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final List<Block> projections = new ArrayList<>();

    MultiScaleFusionBlock(int spatialDims, int outChannels, int inputs) {
        super(VERSION);
        this.outChannels = outChannels;
        for (int input = 0; input < inputs; input++) {
            projections.add(addChildBlock("project_" + input, OpBlocks.pointwise(spatialDims, outChannels)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        long[] reference = inputs.get(0).getShape().getShape();
        NDArray sum = null;
        for (int input = 0; input < inputs.size(); input++) {
            NDArray projected = projections.get(input)
                    .forward(parameterStore, new NDList(inputs.get(input)), training, params).singletonOrThrow();
            NDArray resized = resize(projected, reference);
            sum = sum == null ? resized : sum.add(resized);
        }
        return new NDList(sum);
    }

    private static NDArray resize(NDArray array, long[] reference) {
        long[] dims = array.getShape().getShape();
        int axes = dims.length - 2;
        long[] shrink = new long[axes];
        boolean shrinks = false;
        for (int axis = 0; axis < axes; axis++) {
            long extent = dims[axis + 2];
            shrink[axis] = extent > reference[axis + 2] ? extent / reference[axis + 2] : 1;
            shrinks |= shrink[axis] > 1;
        }
        NDArray resized = array;
        if (shrinks) {
            Shape window = new Shape(shrink);
            resized = resized.getNDArrayInternal().avgPool(window, window, SamePadding.none(axes), false, true);
        }
        for (int axis = 0; axis < axes; axis++) {
            long extent = dims[axis + 2];
            if (extent < reference[axis + 2]) {
                resized = resized.repeat(axis + 2, reference[axis + 2] / extent);
            }
        }
        return resized;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int input = 0; input < projections.size(); input++) {
            projections.get(input).initialize(manager, dataType, inputShapes[input]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] dims = inputShapes[0].getShape();
        dims[1] = outChannels;
        return new Shape[] {new Shape(dims)};
    }
}
