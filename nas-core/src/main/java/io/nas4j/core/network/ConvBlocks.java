package io.nas4j.core.network;

import java.util.Objects;

/**
 * The convolutional building blocks that search spaces and hand-designed baselines append to a network being
 * built: convolution with batch norm (and ReLU), 1x1 projections, depthwise convolutions, separable
 * convolutions and pooling, in 2D or 3D. One instance wraps one {@link NetworkSpec.Builder} and the number of
 * spatial dimensions of the network, so a decoder says only what differs between its blocks: names,
 * channels, kernels and strides. Every convolution here has no bias, since batch norm follows it.
 *
 * <p><b>Naming.</b> Every block is given a name {@code N} and names its nodes after it, in one of two ways
 * (both in use by the spaces, whose node ids are part of their recorded networks):
 * <ul>
 *   <li>a <i>unit</i> ({@link #convBnRelu}, {@link #convBn}, {@link #separable}) is a group of nodes under
 *       {@code N}: {@code N_conv}, {@code N_bn}, {@code N_relu};</li>
 *   <li>a <i>layer</i> ({@link #projection}, {@link #pointwise}, {@link #depthwise}, {@link #opBnRelu},
 *       {@link #pool}) is one node {@code N} with what follows it: {@code N}, {@code N_bn}, {@code N_relu}.</li>
 * </ul>
 * Each method adds its nodes in that order and returns the id of the last one.
 *
 * <p>Not thread-safe, as the builder it wraps is not.
 */
public final class ConvBlocks {

    private final NetworkSpec.Builder builder;
    private final int spatialDims;

    private ConvBlocks(NetworkSpec.Builder builder, int spatialDims) {
        this.builder = builder;
        this.spatialDims = spatialDims;
    }

    /**
     * Blocks added to {@code builder}, in {@code spatialDims} spatial dimensions.
     *
     * @throws IllegalArgumentException when {@code spatialDims} is not 2 (images) or 3 (volumes)
     */
    public static ConvBlocks on(NetworkSpec.Builder builder, int spatialDims) {
        Objects.requireNonNull(builder, "builder");
        if (spatialDims != 2 && spatialDims != 3) {
            throw new IllegalArgumentException("spatialDims must be 2 (images) or 3 (volumes), got " + spatialDims);
        }
        return new ConvBlocks(builder, spatialDims);
    }

    /** The builder these blocks are added to, for the nodes that are no block (adds, concats, heads). */
    public NetworkSpec.Builder builder() {
        return builder;
    }

    /** A convolution ({@code N_conv}), batch norm ({@code N_bn}) and ReLU ({@code N_relu}). */
    public String convBnRelu(String name, String input, int channels, int kernel, int stride) {
        return convBnRelu(name, input, channels, kernel, stride, 1);
    }

    /** {@link #convBnRelu(String, String, int, int, int)} with a dilated convolution. */
    public String convBnRelu(String name, String input, int channels, int kernel, int stride, int dilation) {
        String id = builder.add(name + "_conv", conv(channels, kernel, stride, dilation), input);
        return batchNormRelu(name, id);
    }

    /** A convolution ({@code N_conv}) and batch norm ({@code N_bn}), without activation. */
    public String convBn(String name, String input, int channels, int kernel, int stride) {
        String id = builder.add(name + "_conv", conv(channels, kernel, stride, 1), input);
        return builder.add(name + "_bn", new Op.BatchNorm(), id);
    }

    /**
     * A 1x1 convolution ({@code N}) and batch norm ({@code N_bn}): the cheapest way to change the channels or
     * the resolution, as residual shortcuts and reshaping identities do.
     */
    public String projection(String name, String input, int channels, int stride) {
        String id = builder.add(name, conv(channels, 1, stride, 1), input);
        return builder.add(name + "_bn", new Op.BatchNorm(), id);
    }

    /** A 1x1 convolution ({@code N}), batch norm ({@code N_bn}) and ReLU ({@code N_relu}). */
    public String pointwise(String name, String input, int channels) {
        return opBnRelu(name, conv(channels, 1, 1, 1), input);
    }

    /** A depthwise convolution ({@code N}, multiplier 1), batch norm ({@code N_bn}) and ReLU ({@code N_relu}). */
    public String depthwise(String name, String input, int kernel, int stride) {
        return opBnRelu(name, new Op.DepthwiseConv(spatialDims, kernel, stride, 1, false), input);
    }

    /**
     * A depthwise separable convolution: {@link #depthwise} as {@code N_depthwise}, then a 1x1
     * {@link #convBnRelu} to {@code channels} as {@code N_pointwise}.
     */
    public String separable(String name, String input, int channels, int kernel, int stride) {
        String id = depthwise(name + "_depthwise", input, kernel, stride);
        return convBnRelu(name + "_pointwise", id, channels, 1, 1);
    }

    /** Any op as node {@code N} (fusions, gates), then batch norm ({@code N_bn}) and ReLU ({@code N_relu}). */
    public String opBnRelu(String name, Op op, String... inputs) {
        return batchNormRelu(name, builder.add(name, op, inputs));
    }

    /** A pooling node {@code N}. */
    public String pool(String name, String input, Op.PoolKind pooling, int kernel, int stride) {
        return builder.add(name, new Op.Pool(pooling, spatialDims, kernel, stride), input);
    }

    private String batchNormRelu(String name, String input) {
        String id = builder.add(name + "_bn", new Op.BatchNorm(), input);
        return builder.add(name + "_relu", Op.Activation.relu(), id);
    }

    private Op.Conv conv(int channels, int kernel, int stride, int dilation) {
        return new Op.Conv(spatialDims, channels, kernel, stride, dilation, 1, false);
    }
}
