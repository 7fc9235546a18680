package io.nas4j.backend.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Pads its input explicitly with zeros, then applies a convolution that pads nothing: the asymmetric
 * "same" padding of even kernels, which PyTorch's convolution cannot express.
 */
final class PaddedBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Shape padding;
    private final Block convolution;

    PaddedBlock(SamePadding padding, Block convolution) {
        super(VERSION);
        this.padding = padding.padShape();
        this.convolution = addChildBlock("convolution", convolution);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList padded = new NDList(inputs.singletonOrThrow().pad(padding, 0));
        return convolution.forward(parameterStore, padded, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        convolution.initialize(manager, dataType, padded(inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return convolution.getOutputShapes(new Shape[] {padded(inputShapes[0])});
    }

    private Shape padded(Shape input) {
        long[] dims = input.getShape();
        int axes = padding.dimension() / 2;
        for (int fromLast = 0; fromLast < axes; fromLast++) {
            int axis = dims.length - 1 - fromLast;
            dims[axis] += padding.get(2 * fromLast) + padding.get(2 * fromLast + 1);
        }
        return new Shape(dims);
    }
}
