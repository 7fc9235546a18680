package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The additive attention gate of Attention U-Net ({@link io.nas4j.core.network.Op.AttentionGate}):
 * {@code x * sigmoid(psi(relu(Wx x + Wg g)))} with three 1x1 convolutions with bias; the one-channel
 * map broadcasts over {@code x}'s channels.
 */
final class AttentionGateBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block projectX;
    private final Block projectG;
    private final Block psi;

    AttentionGateBlock(int spatialDims, int interChannels) {
        super(VERSION);
        projectX = addChildBlock("project_x", OpBlocks.pointwise(spatialDims, interChannels));
        projectG = addChildBlock("project_g", OpBlocks.pointwise(spatialDims, interChannels));
        psi = addChildBlock("psi", OpBlocks.pointwise(spatialDims, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray g = inputs.get(1);
        NDArray joined = projectX.forward(parameterStore, new NDList(x), training, params).singletonOrThrow()
                .add(projectG.forward(parameterStore, new NDList(g), training, params).singletonOrThrow());
        NDArray map = psi.forward(parameterStore, new NDList(Activation.relu(joined)), training, params)
                .singletonOrThrow();
        return new NDList(x.mul(Activation.sigmoid(map)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projectX.initialize(manager, dataType, inputShapes[0]);
        projectG.initialize(manager, dataType, inputShapes[1]);
        psi.initialize(manager, dataType, projectX.getOutputShapes(new Shape[] {inputShapes[0]}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
