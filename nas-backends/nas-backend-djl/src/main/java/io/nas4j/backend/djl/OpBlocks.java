package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import io.nas4j.core.network.Op;

import java.util.List;
import java.util.function.Function;

/**
 * Translates one op of the IR into a DJL block, given the shapes the analysis inferred for its inputs
 * and output (channels first, without the batch axis). Ops with parameters become DJL's own layers
 * (convolution, batch norm, linear) or small composite blocks; ops without parameters become
 * {@link LambdaBlock}s over NDArray functions.
 */
final class OpBlocks {

    private OpBlocks() {
    }

    static Block of(Op op, List<io.nas4j.core.network.Shape> inputs, io.nas4j.core.network.Shape output) {
        // Op is sealed, but Java 17 has no exhaustive pattern switch: the last line catches an op added
        // to the IR without a translation here.
        if (op instanceof Op.Conv conv) {
            return sameConvolution(inputs.get(0), conv.spatialDims(), conv.outChannels(), conv.kernel(),
                    conv.stride(), conv.dilation(), conv.groups(), conv.bias());
        } else if (op instanceof Op.DepthwiseConv depthwise) {
            int channels = inputs.get(0).channels();
            return sameConvolution(inputs.get(0), depthwise.spatialDims(), channels * depthwise.multiplier(),
                    depthwise.kernel(), depthwise.stride(), 1, channels, depthwise.bias());
        } else if (op instanceof Op.BatchNorm) {
            return BatchNorm.builder().build();
        } else if (op instanceof Op.Activation activation) {
            return LambdaBlock.singleton(activation(activation.function()), activation.kind());
        } else if (op instanceof Op.Pool pool) {
            return LambdaBlock.singleton(pool(pool, inputs.get(0)), pool.kind());
        } else if (op instanceof Op.GlobalPool global) {
            // The engine reduces one axis at a time: fold the spatial axes into one first.
            int[] lastAxis = {2};
            Function<NDArray, NDArray> pooling = global.pooling() == Op.PoolKind.MAX
                    ? x -> x.reshape(x.getShape().get(0), x.getShape().get(1), -1).max(lastAxis)
                    : x -> x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(lastAxis);
            return LambdaBlock.singleton(pooling, global.kind());
        } else if (op instanceof Op.Identity || op instanceof Op.Flatten && inputs.get(0).rank() == 1) {
            return new LambdaBlock(x -> x, op.kind());
        } else if (op instanceof Op.Zero) {
            Shape shape = batched(output, 1);
            return LambdaBlock.singleton(x -> x.getManager().zeros(withBatch(shape, x), x.getDataType()), op.kind());
        } else if (op instanceof Op.Add) {
            return new LambdaBlock(OpBlocks::sum, op.kind());
        } else if (op instanceof Op.Concat) {
            return new LambdaBlock(arrays -> new NDList(NDArrays.concat(arrays, 1)), op.kind());
        } else if (op instanceof Op.Flatten) {
            long features = output.channels();
            return LambdaBlock.singleton(x -> x.reshape(x.getShape().get(0), features), op.kind());
        } else if (op instanceof Op.Linear linear) {
            return Linear.builder().setUnits(linear.outFeatures()).optBias(linear.bias()).build();
        } else if (op instanceof Op.Dropout dropout) {
            return Dropout.builder().optRate((float) dropout.rate()).build();
        } else if (op instanceof Op.Upsample upsample) {
            int axes = inputs.get(0).spatialDims();
            return LambdaBlock.singleton(x -> repeatSpatial(x, axes, upsample.factor()), op.kind());
        } else if (op instanceof Op.AttentionGate gate) {
            return new AttentionGateBlock(inputs.get(0).spatialDims(), gate.interChannels());
        } else if (op instanceof Op.MultiScaleFusion fusion) {
            return new MultiScaleFusionBlock(inputs.get(0).spatialDims(), fusion.outChannels(), inputs.size());
        } else if (op instanceof Op.DetectionHead head) {
            int axes = inputs.get(0).spatialDims();
            return convolution(axes, head.anchors() * head.outputsPerAnchor(), 3, 1, 1, 1, true,
                    SamePadding.of(inputs.get(0).dims().subList(1, axes + 1), 3, 1, 1).symmetricShape());
        } else if (op instanceof Op.DetectionOutput detection) {
            return new LambdaBlock(arrays -> new NDList(anchorRows(arrays, detection)), op.kind());
        }
        throw new IllegalStateException("the djl backend has no translation for " + op.getClass().getName());
    }

    /** A 1x1 convolution with bias, as the gate and fusion ops use for projections. */
    static Block pointwise(int spatialDims, int outChannels) {
        return convolution(spatialDims, outChannels, 1, 1, 1, 1, true, SamePadding.none(spatialDims));
    }

    private static Block sameConvolution(io.nas4j.core.network.Shape input, int spatialDims, int filters, int kernel,
                                         int stride, int dilation, int groups, boolean bias) {
        SamePadding padding = SamePadding.of(input.dims().subList(1, spatialDims + 1), kernel, stride, dilation);
        if (padding.symmetric()) {
            return convolution(spatialDims, filters, kernel, stride, dilation, groups, bias, padding.symmetricShape());
        }
        Block unpadded = convolution(spatialDims, filters, kernel, stride, dilation, groups, bias,
                SamePadding.none(spatialDims));
        return new PaddedBlock(padding, unpadded);
    }

    private static Block convolution(int spatialDims, int filters, int kernel, int stride, int dilation, int groups,
                                     boolean bias, Shape padding) {
        if (spatialDims == 3) {
            return Conv3d.builder().setFilters(filters).setKernelShape(repeated(kernel, 3))
                    .optStride(repeated(stride, 3)).optDilation(repeated(dilation, 3)).optPadding(padding)
                    .optGroups(groups).optBias(bias).build();
        }
        return Conv2d.builder().setFilters(filters).setKernelShape(repeated(kernel, 2))
                .optStride(repeated(stride, 2)).optDilation(repeated(dilation, 2)).optPadding(padding)
                .optGroups(groups).optBias(bias).build();
    }

    private static Function<NDArray, NDArray> activation(Op.Activation.Function function) {
        return switch (function) {
            case RELU -> Activation::relu;
            case RELU6 -> x -> x.clip(0, 6);
            case SIGMOID -> Activation::sigmoid;
            case TANH -> Activation::tanh;
            case ELU -> x -> Activation.elu(x, 1f);
        };
    }

    /**
     * Max or average pooling with "same" padding. Padded positions never win a max and never count in an
     * average (TensorFlow's convention): max pooling pads with negative infinity; average pooling divides
     * window sums by the number of real elements in each window, the same pooling applied to a mask of
     * ones. The input is always padded explicitly: the engine's 3D average pooling rejects an unpadded
     * input smaller than the kernel, and its {@code countIncludePad = false} counts padding all the same.
     */
    private static Function<NDArray, NDArray> pool(Op.Pool pool, io.nas4j.core.network.Shape input) {
        int axes = pool.spatialDims();
        Shape kernel = repeated(pool.kernel(), axes);
        Shape stride = repeated(pool.stride(), axes);
        SamePadding padding = SamePadding.of(input.dims().subList(1, axes + 1), pool.kernel(), pool.stride(), 1);
        Shape none = SamePadding.none(axes);
        Shape pad = padding.padShape();
        if (pool.pooling() == Op.PoolKind.MAX) {
            return padding.pads()
                    ? x -> x.pad(pad, Double.NEGATIVE_INFINITY).getNDArrayInternal().maxPool(kernel, stride, none, false)
                    : x -> x.getNDArrayInternal().maxPool(kernel, stride, none, false);
        }
        Function<NDArray, NDArray> windowMeans =
                x -> x.pad(pad, 0).getNDArrayInternal().avgPool(kernel, stride, none, false, true);
        if (!padding.pads()) {
            return x -> x.getNDArrayInternal().avgPool(kernel, stride, none, false, true);
        }
        return x -> {
            long[] maskShape = x.getShape().getShape();
            maskShape[0] = 1;
            maskShape[1] = 1;
            NDArray realShare = windowMeans.apply(x.getManager().ones(new Shape(maskShape), x.getDataType()));
            return windowMeans.apply(x).div(realShare);
        };
    }

    /**
     * Each head map {@code [B, A * K, H, W]} as rows {@code [B, H * W * A, K]} (ordered y, x, anchor), the
     * levels one after another.
     */
    private static NDArray anchorRows(NDList maps, Op.DetectionOutput detection) {
        int outputs = detection.outputsPerAnchor();
        NDList rows = new NDList(maps.size());
        for (int level = 0; level < maps.size(); level++) {
            NDArray map = maps.get(level);
            Shape shape = map.getShape();
            long anchors = detection.levels().get(level).perPosition();
            rows.add(map.reshape(shape.get(0), anchors, outputs, shape.get(2), shape.get(3))
                    .transpose(0, 3, 4, 1, 2)
                    .reshape(shape.get(0), -1, outputs));
        }
        return rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 1);
    }

    private static NDList sum(NDList arrays) {
        NDArray sum = arrays.get(0);
        for (int index = 1; index < arrays.size(); index++) {
            sum = sum.add(arrays.get(index));
        }
        return new NDList(sum);
    }

    private static NDArray repeatSpatial(NDArray x, int axes, int factor) {
        NDArray repeated = x;
        for (int axis = 2; axis < axes + 2; axis++) {
            repeated = repeated.repeat(axis, factor);
        }
        return repeated;
    }

    static Shape batched(io.nas4j.core.network.Shape shape, long batch) {
        long[] dims = new long[shape.rank() + 1];
        dims[0] = batch;
        for (int axis = 0; axis < shape.rank(); axis++) {
            dims[axis + 1] = shape.dims().get(axis);
        }
        return new Shape(dims);
    }

    private static Shape withBatch(Shape shape, NDArray like) {
        long[] dims = shape.getShape();
        dims[0] = like.getShape().get(0);
        return new Shape(dims);
    }

    private static Shape repeated(int value, int times) {
        long[] dims = new long[times];
        java.util.Arrays.fill(dims, value);
        return new Shape(dims);
    }
}
