package io.nas4j.core.network;

/**
 * A typed operation of the network IR. Every backend builds every op; the core infers shapes and counts
 * parameters and multiply-adds for each ({@link NetworkAnalysis}). Spatial padding is always "same" in
 * TensorFlow's sense: a stride-1 op keeps the spatial size and a stride-s op divides it by s, rounding
 * up. For odd kernels that is symmetric padding of {@code dilation * (kernel - 1) / 2}; for even kernels
 * the total padding {@code max((ceil(in / s) - 1) * s + (kernel - 1) * dilation + 1 - in, 0)} is split
 * with the extra element at the end, which backends without asymmetric padding emulate by padding first.
 *
 * <p>Parameter conventions shared by the analysis and every backend: convolutions and linear layers
 * count weights plus a bias when {@code bias} is set; batch norm counts gamma and beta as parameters and
 * its running mean and variance as buffers.
 */
public sealed interface Op {

    /** Short name used in error messages and drawings. */
    String kind();

    /** A convolution in 2 or 3 spatial dimensions; {@code groups > 1} makes it a grouped convolution. */
    record Conv(int spatialDims, int outChannels, int kernel, int stride, int dilation, int groups, boolean bias)
            implements Op {
        public Conv {
            requireSpatial(spatialDims);
            requirePositive("outChannels", outChannels);
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
            requirePositive("dilation", dilation);
            requirePositive("groups", groups);
        }

        /** A plain 2D convolution without bias (it is usually followed by batch norm). */
        public static Conv of2d(int outChannels, int kernel, int stride) {
            return new Conv(2, outChannels, kernel, stride, 1, 1, false);
        }

        public static Conv of3d(int outChannels, int kernel, int stride) {
            return new Conv(3, outChannels, kernel, stride, 1, 1, false);
        }

        @Override
        public String kind() {
            return "conv" + spatialDims + "d";
        }
    }

    /** A depthwise convolution: one filter group per input channel, {@code multiplier} outputs each. */
    record DepthwiseConv(int spatialDims, int kernel, int stride, int multiplier, boolean bias) implements Op {
        public DepthwiseConv {
            requireSpatial(spatialDims);
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
            requirePositive("multiplier", multiplier);
        }

        @Override
        public String kind() {
            return "depthwise_conv" + spatialDims + "d";
        }
    }

    /** Batch normalisation over the channel axis. */
    record BatchNorm() implements Op {
        @Override
        public String kind() {
            return "batch_norm";
        }
    }

    /** An element-wise activation. */
    record Activation(Function function) implements Op {
        public enum Function { RELU, RELU6, SIGMOID, TANH, ELU }

        public Activation {
            java.util.Objects.requireNonNull(function, "function");
        }

        public static Activation relu() {
            return new Activation(Function.RELU);
        }

        @Override
        public String kind() {
            return function.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Max or average pooling over a window in 2 or 3 spatial dimensions. */
    record Pool(PoolKind pooling, int spatialDims, int kernel, int stride) implements Op {
        public Pool {
            java.util.Objects.requireNonNull(pooling, "pooling");
            requireSpatial(spatialDims);
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
        }

        @Override
        public String kind() {
            return pooling.name().toLowerCase(java.util.Locale.ROOT) + "_pool" + spatialDims + "d";
        }
    }

    /** Pooling over all spatial positions: {@code [C, ...] -> [C]}. */
    record GlobalPool(PoolKind pooling) implements Op {
        public GlobalPool {
            java.util.Objects.requireNonNull(pooling, "pooling");
        }

        @Override
        public String kind() {
            return "global_" + pooling.name().toLowerCase(java.util.Locale.ROOT) + "_pool";
        }
    }

    enum PoolKind { MAX, AVG }

    /** Passes its input through. */
    record Identity() implements Op {
        @Override
        public String kind() {
            return "identity";
        }
    }

    /** Outputs zeros of the input's shape (spatially divided by {@code stride}): the "none" edge of a cell. */
    record Zero(int stride) implements Op {
        public Zero {
            requirePositive("stride", stride);
        }

        @Override
        public String kind() {
            return "zero";
        }
    }

    /** Element-wise sum of two or more inputs of the same shape. */
    record Add() implements Op {
        @Override
        public String kind() {
            return "add";
        }
    }

    /** Concatenation of two or more inputs along the channel axis; spatial extents must agree. */
    record Concat() implements Op {
        @Override
        public String kind() {
            return "concat";
        }
    }

    /** Flattens {@code [C, ...]} to a feature vector. */
    record Flatten() implements Op {
        @Override
        public String kind() {
            return "flatten";
        }
    }

    /** A fully connected layer on a feature vector. */
    record Linear(int outFeatures, boolean bias) implements Op {
        public Linear {
            requirePositive("outFeatures", outFeatures);
        }

        @Override
        public String kind() {
            return "linear";
        }
    }

    /** Dropout with the given rate during training; identity at inference. */
    record Dropout(double rate) implements Op {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public String kind() {
            return "dropout";
        }
    }

    /** Nearest-neighbour upsampling of every spatial axis by an integer factor. */
    record Upsample(int factor) implements Op {
        public Upsample {
            requirePositive("factor", factor);
        }

        @Override
        public String kind() {
            return "upsample";
        }
    }

    /**
     * The additive attention gate of Attention U-Net. Inputs: the features {@code x} and the gating signal
     * {@code g}, with equal spatial extents. {@code x} and {@code g} are each projected by a 1x1 convolution
     * (with bias) to {@code interChannels}, summed, passed through ReLU, projected by a 1x1 convolution
     * (with bias) to one channel and a sigmoid; {@code x} is multiplied by that map. Output: {@code x}'s shape.
     */
    record AttentionGate(int interChannels) implements Op {
        public AttentionGate {
            requirePositive("interChannels", interChannels);
        }

        @Override
        public String kind() {
            return "attention_gate";
        }
    }

    /**
     * Multi-scale fusion: every input is projected by a 1x1 convolution (with bias) to {@code outChannels},
     * resized to the first input's spatial extents (average pooling to shrink, nearest upsampling to grow,
     * by integer factors), and the results are summed.
     */
    record MultiScaleFusion(int outChannels) implements Op {
        public MultiScaleFusion {
            requirePositive("outChannels", outChannels);
        }

        @Override
        public String kind() {
            return "multi_scale_fusion";
        }
    }

    /**
     * A single-stage anchor-based detection head on one feature level: a 3x3 convolution (with bias)
     * to {@code anchors * (5 + classes)} channels: per anchor, objectness, four box offsets and class scores.
     */
    record DetectionHead(int classes, int anchors) implements Op {
        public DetectionHead {
            requirePositive("classes", classes);
            requirePositive("anchors", anchors);
        }

        public int outputsPerAnchor() {
            return 5 + classes;
        }

        @Override
        public String kind() {
            return "detection_head";
        }
    }

    /**
     * Gathers the raw maps of one or more {@link DetectionHead}s (one per feature level, in the order of
     * {@code levels}) into one row per anchor: output {@code [anchors, 5 + classes]}. A head map
     * {@code [A * (5 + classes), H, W]} holds channel {@code a * (5 + classes) + k} for anchor {@code a}
     * and component {@code k}; its rows are ordered by {@code y}, then {@code x}, then {@code a}, and the
     * levels follow one another. Each row is the objectness logit, four box offsets (see
     * {@link DetectionLayout}) and the class logits.
     *
     * <p>The op declares what a detector needs beyond its weights, so that a saved network can be decoded
     * and trained by any backend: where its anchors lie ({@code levels}, in input pixels, placed on each
     * level's grid) and the terms of its loss ({@link DetectionLoss}). No parameters, no multiply-adds.
     */
    record DetectionOutput(int classes, java.util.List<AnchorSet> levels, DetectionLoss loss) implements Op {
        public DetectionOutput {
            requirePositive("classes", classes);
            java.util.Objects.requireNonNull(loss, "loss");
            levels = java.util.List.copyOf(levels);
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("a detection output needs at least one level of anchors");
            }
        }

        public int outputsPerAnchor() {
            return 5 + classes;
        }

        @Override
        public String kind() {
            return "detection_output";
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static void requireSpatial(int spatialDims) {
        if (spatialDims != 2 && spatialDims != 3) {
            throw new IllegalArgumentException("spatialDims must be 2 or 3, got " + spatialDims);
        }
    }
}
