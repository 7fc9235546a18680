package io.nas4j.backend.tensorflow;

import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One forward pass of a {@link NetworkSpec} built into a TensorFlow graph, in training mode (batch-norm
 * batch statistics with running-average updates, dropout masks from a fed seed) or inference mode
 * (running statistics, no dropout). Both passes of one graph share the {@link Parameters}.
 *
 * <p>Inside the graph tensors are channels last ({@code NHWC}, {@code NDHWC}): TensorFlow's CPU kernels
 * support no other layout for convolutions. The input placeholder takes the IR's channels-first layout and
 * is transposed once; a spatial output is transposed back, and {@code Flatten} flattens in channels-first
 * order, so every value a caller sees is laid out as the IR (and the DJL backend) lays it out.
 *
 * <p>Translation notes, where TensorFlow needs help:
 * <ul>
 *   <li>"same" padding follows the IR's rule ({@link Padding}); where it differs from TensorFlow's
 *       {@code SAME} (odd kernels with a stride), the input is padded explicitly and the op runs
 *       {@code VALID}: zeros for convolutions, negative infinity for max pooling, and average pooling
 *       divides window sums by the number of real elements.</li>
 *   <li>Dilated convolutions use a dilated filter (zeros inserted in the graph, so gradients flow to the
 *       real taps): TensorFlow 2.18's oneDNN kernels abort the process on a dilated depthwise convolution
 *       and on a dilated convolution with a stride.</li>
 *   <li>Grouped and depthwise 3D convolutions split the channels into groups and concatenate the groups'
 *       convolutions: {@code Conv3D} has no groups on the CPU and there is no depthwise 3D op.</li>
 *   <li>1x1 projections (attention gate, multi-scale fusion) are matrix products over the channel axis.</li>
 *   <li>A double-precision pass (synflow's) builds what TensorFlow's double kernels lack from other ops:
 *       grouped 2D convolutions as one convolution per group (the double filter gradient has no groups), 3D
 *       pooling as two 2D poolings (there is no double {@code MaxPool3D} or {@code AvgPool3D}); it has no
 *       batch norm. Float passes are built as before.</li>
 *   <li>Batch norm is {@code FusedBatchNormV3} on a {@code [N, positions, 1, C]} view, which is exact for any
 *       rank; running statistics move by 0.1 of the batch statistics per step (PyTorch's momentum), with the
 *       unbiased batch variance, epsilon 1e-5.</li>
 * </ul>
 */
final class ForwardPass<T extends TFloating> {

    /** Batch-norm running averages move this share of the way to each batch's statistics. */
    static final float BATCH_NORM_MOMENTUM = 0.1f;
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private final Ops tf;
    private final Class<T> type;
    private final Parameters parameters;
    private final Map<String, String> prefixes;
    private final boolean training;
    private final Operand<TInt32> seed;
    private final Operand<TInt32> batch;
    /** Each node's index, the key of its dropout stream: the spec's order, else the order of {@link #apply}. */
    private final Map<String, Integer> indices = new HashMap<>();
    private final boolean deferUpdates;
    private final List<org.tensorflow.op.Op> updates = new ArrayList<>();
    private final List<MovingAverage> pendingUpdates = new ArrayList<>();
    private Operand<T> output;
    private final Map<String, Operand<T>> values = new HashMap<>();
    private final Map<String, Operand<T>> reads = new LinkedHashMap<>();

    /** A batch-norm running statistic and the batch's value it moves towards, not yet assigned. */
    record MovingAverage(Parameters.Entry average, Operand<TFloat32> batchValue) {
    }

    /**
     * Builds the pass for {@code nodes} (the nodes to compute, in topological order) from {@code input}, a
     * channels-first float placeholder, computing in {@code type}: {@link TFloat32} for training and
     * inference; {@link TFloat64} for synflow, where the float variables are read through a cast, the input is
     * cast once, and batch norm (float only in TensorFlow's kernels) is not allowed.
     *
     * @param seed the dropout seed of the step, one int32 value; only read in training mode
     */
    ForwardPass(Ops tf, Class<T> type, NetworkSpec spec, Map<String, Shape> shapes, Parameters parameters,
                Map<String, String> prefixes, List<Node> nodes, Operand<TFloat32> input, boolean training,
                Operand<TInt32> seed) {
        this(tf, type, parameters, prefixes, input, training, seed, false);
        for (int index = 0; index < spec.nodes().size(); index++) {
            indices.put(spec.nodes().get(index).id(), index);
        }
        values.put(NetworkSpec.INPUT, channelsLast(cast(input), spec.input()));
        for (Node node : nodes) {
            List<Operand<T>> arguments = node.inputs().stream().map(values::get).toList();
            List<Shape> argumentShapes = node.inputs().stream().map(shapes::get).toList();
            values.put(node.id(), apply(node, arguments, argumentShapes, shapes.get(node.id())));
        }
        Operand<T> result = values.get(spec.output());
        this.output = channelsFirst(result, shapes.get(spec.output()));
    }

    /**
     * An op builder without a network, for graphs that wire nodes themselves (supernets): {@link #apply} builds
     * one node at a time on channels-last values, computing in {@code type}. {@code input} is the channels-first
     * placeholder whose first axis gives the batch size of zeros. With {@code deferUpdates}, batch-norm updates
     * in training mode are not assigned but collected ({@link #pendingUpdates}), for the caller to assign under
     * its own control dependencies ({@link #movingAverage(Ops, MovingAverage)}).
     */
    ForwardPass(Ops tf, Class<T> type, Parameters parameters, Map<String, String> prefixes, Operand<TFloat32> input,
                boolean training, Operand<TInt32> seed, boolean deferUpdates) {
        this.tf = tf;
        this.type = type;
        this.parameters = parameters;
        this.prefixes = prefixes;
        this.training = training;
        this.seed = seed;
        this.deferUpdates = deferUpdates;
        this.batch = tf.slice(tf.shape(input), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    }

    /**
     * Builds {@code node} on channels-last {@code inputs}; its variables are named by {@code prefixes} under the
     * node's id. Throws {@link IllegalArgumentException} naming the node when it cannot be built.
     */
    Operand<T> apply(Node node, List<Operand<T>> inputs, List<Shape> inputShapes, Shape out) {
        indices.putIfAbsent(node.id(), indices.size());
        try {
            return build(node, inputs, inputShapes, out);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("node " + node.id() + " (" + node.op().kind()
                    + ") cannot be built: " + e.getMessage(), e);
        }
    }

    /** The network's output, channels first (a pass built for a network only). */
    Operand<T> output() {
        if (output == null) {
            throw new IllegalStateException("an op builder has no network output");
        }
        return output;
    }

    /**
     * The value of node {@code id} as computed in the graph, channels last (the IR's layout for feature
     * vectors); null for a node this pass does not compute.
     */
    Operand<T> value(String id) {
        return values.get(id);
    }

    /**
     * How this pass reads each variable, by name, in the pass's type: the operands whose gradients are the
     * variables' gradients (for {@link TFloat64}, in double precision).
     */
    Map<String, Operand<T>> reads() {
        return Collections.unmodifiableMap(reads);
    }

    /** The batch-norm updates collected so far by a pass that defers them, in build order. */
    List<MovingAverage> pendingUpdates() {
        return List.copyOf(pendingUpdates);
    }

    /** Assignments of batch-norm running statistics (training mode only) to run with each step. */
    List<org.tensorflow.op.Op> updates() {
        return List.copyOf(updates);
    }

    private Operand<T> build(Node node, List<Operand<T>> inputs, List<Shape> inputShapes, Shape out) {
        String prefix = prefixes.get(node.id());
        Op op = node.op();
        Shape in = inputShapes.get(0);
        // Op is sealed, but Java 17 has no exhaustive pattern switch: the last line catches an op added
        // to the IR without a translation here.
        if (op instanceof Op.Conv conv) {
            return convolution(prefix, node.id(), inputs.get(0), in, conv.outChannels(), conv.kernel(), conv.stride(),
                    conv.dilation(), conv.groups(), conv.bias(), false, 1);
        } else if (op instanceof Op.DepthwiseConv depthwise) {
            return convolution(prefix, node.id(), inputs.get(0), in, in.channels() * depthwise.multiplier(),
                    depthwise.kernel(), depthwise.stride(), 1, in.channels(), depthwise.bias(), true,
                    depthwise.multiplier());
        } else if (op instanceof Op.BatchNorm) {
            return batchNorm(prefix, node.id(), inputs.get(0), in);
        } else if (op instanceof Op.Activation activation) {
            return activation(activation.function(), inputs.get(0));
        } else if (op instanceof Op.Pool pool) {
            return pool(pool, inputs.get(0), in);
        } else if (op instanceof Op.GlobalPool global) {
            Operand<TInt32> axes = tf.constant(range(1, in.spatialDims() + 1));
            return global.pooling() == Op.PoolKind.MAX ? tf.max(inputs.get(0), axes) : tf.math.mean(inputs.get(0), axes);
        } else if (op instanceof Op.Identity) {
            return tf.identity(inputs.get(0));
        } else if (op instanceof Op.Zero) {
            return zeros(out);
        } else if (op instanceof Op.Add) {
            return tf.math.addN(inputs);
        } else if (op instanceof Op.Concat) {
            return tf.concat(inputs, tf.constant(in.rank()));
        } else if (op instanceof Op.Flatten) {
            if (in.rank() == 1) {
                return tf.identity(inputs.get(0));
            }
            return tf.reshape(channelsFirst(inputs.get(0), in), tf.constant(new int[] {-1, out.channels()}));
        } else if (op instanceof Op.Linear linear) {
            return linear(prefix, node.id(), inputs.get(0), in.channels(), linear.outFeatures(), linear.bias());
        } else if (op instanceof Op.Dropout dropout) {
            return dropout(inputs.get(0), dropout.rate(), node);
        } else if (op instanceof Op.Upsample upsample) {
            int[] factors = new int[in.spatialDims()];
            Arrays.fill(factors, upsample.factor());
            return upsample(inputs.get(0), in, factors);
        } else if (op instanceof Op.AttentionGate gate) {
            return attentionGate(prefix, node.id(), inputs, inputShapes, gate.interChannels());
        } else if (op instanceof Op.MultiScaleFusion fusion) {
            return multiScaleFusion(prefix, node.id(), inputs, inputShapes, fusion.outChannels());
        } else if (op instanceof Op.DetectionHead head) {
            return convolution(prefix, node.id(), inputs.get(0), in, head.anchors() * head.outputsPerAnchor(), 3, 1, 1,
                    1, true, false, 1);
        } else if (op instanceof Op.DetectionOutput detection) {
            return detectionOutput(detection, inputs, inputShapes);
        }
        throw new IllegalStateException("the tensorflow backend has no translation for " + op.getClass().getName());
    }

    /**
     * One row per anchor: each level's map, channels last {@code [batch, H, W, anchors * outputs]}, read as
     * {@code [batch, H * W * anchors, outputs]} (rows by position, then anchor, as the IR orders them), levels
     * one after another. The IR's shape {@code [rows, outputs]} is held channels last, as
     * {@code [batch, outputs, rows]}.
     */
    private Operand<T> detectionOutput(Op.DetectionOutput detection, List<Operand<T>> inputs,
                                       List<Shape> inputShapes) {
        int outputs = detection.outputsPerAnchor();
        List<Operand<T>> rows = new ArrayList<>();
        for (int level = 0; level < inputs.size(); level++) {
            Shape shape = inputShapes.get(level);
            long count = (long) detection.levels().get(level).perPosition() * shape.spatial(0) * shape.spatial(1);
            rows.add(tf.reshape(inputs.get(level), dims(-1, count, outputs)));
        }
        Operand<T> joined = rows.size() == 1 ? rows.get(0) : tf.concat(rows, tf.constant(1));
        return tf.linalg.transpose(joined, tf.constant(new int[] {0, 2, 1}));
    }

    // --- convolutions

    /**
     * A "same" convolution in 2 or 3 dimensions. Weights are {@code [k.., in / groups, out]} (depthwise:
     * {@code [k.., in, multiplier]} in 2D as {@code DepthwiseConv2dNative} wants, {@code [k.., 1, in *
     * multiplier]} in 3D), so output channel {@code o} belongs to group {@code o / (out / groups)} as in
     * PyTorch.
     */
    private Operand<T> convolution(String prefix, String node, Operand<T> x, Shape in, int outChannels,
                                   int kernel, int stride, int dilation, int groups, boolean bias,
                                   boolean depthwise, int multiplier) {
        int axes = in.spatialDims();
        List<Integer> extents = spatial(in);
        int inPerGroup = in.channels() / groups;
        boolean nativeDepthwise = depthwise && axes == 2;
        long[] filterShape = new long[axes + 2];
        Arrays.fill(filterShape, 0, axes, kernel);
        filterShape[axes] = nativeDepthwise ? in.channels() : inPerGroup;
        filterShape[axes + 1] = nativeDepthwise ? multiplier : outChannels;
        long fanIn = (long) inPerGroup * power(kernel, axes);
        Operand<T> filter = read(parameters.get(node, prefix + ".weight", Parameters.Kind.WEIGHT, filterShape, fanIn));
        int effective = kernel;
        if (dilation > 1) {
            filter = dilate(filter, filterShape, axes, dilation);
            effective = (kernel - 1) * dilation + 1;
        }
        Padding padding = Padding.of(extents, kernel, stride, dilation);
        String mode;
        if (padding.isTensorflowSame(extents, kernel, stride, dilation)) {
            mode = "SAME";
        } else {
            x = tf.pad(x, tf.constant(padding.channelsLast()), scalar(0f));
            mode = "VALID";
        }
        List<Long> strides = window(axes, stride);
        Operand<T> y;
        if (nativeDepthwise) {
            y = tf.nn.depthwiseConv2dNative(x, filter, strides, mode);
        } else if (axes == 2) {
            // TensorFlow's float kernels (oneDNN) group a 2D convolution and its gradients natively; its
            // double kernels do not (the filter gradient fails), so a double pass splits the groups.
            y = groups == 1 || type == TFloat32.class
                    ? tf.nn.conv2d(x, filter, strides, mode)
                    : groupedConvolution(x, filter, groups, strides, mode, axes);
        } else if (groups == 1) {
            y = tf.nn.conv3d(x, filter, strides, mode);
        } else {
            y = groupedConvolution(x, filter, groups, strides, mode, axes);
        }
        if (bias) {
            y = tf.nn.biasAdd(y, read(parameters.get(node, prefix + ".bias", Parameters.Kind.BIAS,
                    new long[] {outChannels}, 0)));
        }
        return y;
    }

    /** A grouped convolution as one convolution per group of channels, concatenated. */
    private Operand<T> groupedConvolution(Operand<T> x, Operand<T> filter, int groups, List<Long> strides,
                                          String mode, int axes) {
        Operand<TInt32> channelAxis = tf.constant(axes + 1);
        Split<T> inputs = tf.split(channelAxis, x, (long) groups);
        Split<T> filters = tf.split(channelAxis, filter, (long) groups);
        List<Operand<T>> outputs = new ArrayList<>(groups);
        for (int group = 0; group < groups; group++) {
            Operand<T> part = inputs.output().get(group);
            Operand<T> weights = filters.output().get(group);
            outputs.add(axes == 2 ? tf.nn.conv2d(part, weights, strides, mode) : tf.nn.conv3d(part, weights, strides, mode));
        }
        return tf.concat(outputs, channelAxis);
    }

    /**
     * The filter of a dilated convolution as an ordinary one: along each spatial axis, {@code dilation - 1}
     * zeros between taps, {@code (kernel - 1) * dilation + 1} taps in all.
     */
    private Operand<T> dilate(Operand<T> filter, long[] shape, int axes, int dilation) {
        long[] dims = shape.clone();
        Operand<T> dilated = filter;
        for (int axis = 0; axis < axes; axis++) {
            long kernel = dims[axis];
            long[] expanded = insert(dims, axis + 1, 1);
            long[] gap = insert(dims, axis + 1, dilation - 1);
            Operand<T> taps = tf.reshape(dilated, dims(expanded));
            Operand<T> zeros = tf.fill(dims(gap), scalar(0f));
            Operand<T> spread = tf.concat(List.of(taps, zeros), tf.constant(axis + 1));
            long[] flat = dims.clone();
            flat[axis] = kernel * dilation;
            Operand<T> joined = tf.reshape(spread, dims(flat));
            long[] size = dims.clone();
            size[axis] = (kernel - 1) * dilation + 1;
            // int32 begin and size: the gradient of Slice subtracts them from an int32 shape
            dilated = tf.slice(joined, tf.constant(new int[dims.length]), tf.constant(toInts(size)));
            dims = size;
        }
        return dilated;
    }

    // --- normalisation, activations, pooling

    private Operand<T> batchNorm(String prefix, String node, Operand<T> x, Shape in) {
        if (type != TFloat32.class) {
            throw new IllegalStateException("batch norm runs in float only, not " + type.getSimpleName());
        }
        long channels = in.channels();
        long[] vector = {channels};
        Operand<T> gamma = read(parameters.get(node, prefix + ".gamma", Parameters.Kind.GAMMA, vector, 0));
        Operand<T> beta = read(parameters.get(node, prefix + ".beta", Parameters.Kind.BETA, vector, 0));
        Parameters.Entry mean = parameters.get(node, prefix + ".running_mean", Parameters.Kind.RUNNING_MEAN, vector, 0);
        Parameters.Entry variance = parameters.get(node, prefix + ".running_var", Parameters.Kind.RUNNING_VARIANCE,
                vector, 0);
        long positions = in.elements() / channels;
        Operand<T> view = tf.reshape(x, dims(-1, positions, 1, channels));
        FusedBatchNorm<T, T> normalised;
        if (training) {
            Operand<T> empty = cast(tf.constant(new float[0]));
            normalised = tf.nn.fusedBatchNorm(view, gamma, beta, empty, empty, FusedBatchNorm.isTraining(true),
                    FusedBatchNorm.epsilon(BATCH_NORM_EPSILON));
            if (deferUpdates) {
                pendingUpdates.add(new MovingAverage(mean, float32(normalised.batchMean())));
                pendingUpdates.add(new MovingAverage(variance, float32(normalised.batchVariance())));
            } else {
                updates.add(movingAverage(mean, normalised.batchMean()));
                updates.add(movingAverage(variance, normalised.batchVariance()));
            }
        } else {
            normalised = tf.nn.fusedBatchNorm(view, gamma, beta, read(mean), read(variance),
                    FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(BATCH_NORM_EPSILON));
        }
        return tf.reshape(normalised.y(), dims(channelsLastDims(in)));
    }

    private org.tensorflow.op.Op movingAverage(Parameters.Entry average, Operand<T> batchValue) {
        Operand<T> kept = tf.math.mul(read(average), scalar(1f - BATCH_NORM_MOMENTUM));
        Operand<T> moved = tf.math.add(kept, tf.math.mul(tf.stopGradient(batchValue), scalar(BATCH_NORM_MOMENTUM)));
        return tf.assign(average.variable(), float32(moved));
    }

    /** The assignment that moves a running statistic {@link #BATCH_NORM_MOMENTUM} of the way to the batch's value. */
    static org.tensorflow.op.Op movingAverage(Ops tf, MovingAverage update) {
        Operand<TFloat32> kept = tf.math.mul(update.average().read(), tf.constant(1f - BATCH_NORM_MOMENTUM));
        Operand<TFloat32> moved = tf.math.add(kept, tf.math.mul(tf.stopGradient(update.batchValue()),
                tf.constant(BATCH_NORM_MOMENTUM)));
        return tf.assign(update.average().variable(), moved);
    }

    private Operand<T> activation(Op.Activation.Function function, Operand<T> x) {
        return switch (function) {
            case RELU -> tf.nn.relu(x);
            case RELU6 -> tf.nn.relu6(x);
            case SIGMOID -> tf.math.sigmoid(x);
            case TANH -> tf.math.tanh(x);
            case ELU -> tf.nn.elu(x);
        };
    }

    private Operand<T> pool(Op.Pool pool, Operand<T> x, Shape in) {
        int axes = pool.spatialDims();
        List<Integer> extents = spatial(in);
        List<Long> kernel = window(axes, pool.kernel());
        List<Long> strides = window(axes, pool.stride());
        Padding padding = Padding.of(extents, pool.kernel(), pool.stride(), 1);
        boolean max = pool.pooling() == Op.PoolKind.MAX;
        if (padding.isTensorflowSame(extents, pool.kernel(), pool.stride(), 1)) {
            // TensorFlow's SAME pooling already ignores padded positions, in the max and in the mean.
            return max ? maxPool(x, kernel, strides, "SAME", axes) : avgPool(x, kernel, strides, "SAME", axes);
        }
        if (max) {
            Operand<T> padded = tf.pad(x, tf.constant(padding.channelsLast()), scalar(Float.NEGATIVE_INFINITY));
            return maxPool(padded, kernel, strides, "VALID", axes);
        }
        Operand<T> sums = avgPool(tf.pad(x, tf.constant(padding.channelsLast()), scalar(0f)), kernel, strides, "VALID", axes);
        long[] maskShape = new long[axes + 2];
        Arrays.fill(maskShape, 1);
        for (int axis = 0; axis < axes; axis++) {
            maskShape[axis + 1] = extents.get(axis);
        }
        Operand<T> ones = tf.fill(dims(maskShape), scalar(1f));
        Operand<T> realShare = avgPool(tf.pad(ones, tf.constant(padding.channelsLast()), scalar(0f)), kernel, strides,
                "VALID", axes);
        return tf.math.div(sums, realShare);
    }

    private Operand<T> maxPool(Operand<T> x, List<Long> kernel, List<Long> strides, String mode, int axes) {
        if (axes == 3) {
            return type == TFloat32.class ? tf.nn.maxPool3d(x, kernel, strides, mode)
                    : separablePool3d(x, kernel, strides, mode, true);
        }
        return tf.nn.maxPool(x, tf.constant(toInts(kernel)), tf.constant(toInts(strides)), mode);
    }

    private Operand<T> avgPool(Operand<T> x, List<Long> kernel, List<Long> strides, String mode, int axes) {
        if (axes == 3) {
            return type == TFloat32.class ? tf.nn.avgPool3d(x, kernel, strides, mode)
                    : separablePool3d(x, kernel, strides, mode, false);
        }
        return tf.nn.avgPool(x, kernel, strides, mode);
    }

    /**
     * A 3D pooling as two 2D poolings, for types other than float, which TensorFlow's {@code MaxPool3D} and
     * {@code AvgPool3D} do not take: first over height and width (depth folded into the batch), then over
     * depth (height and width folded into one axis). Both the maximum and the mean over a box are separable
     * by axis, and so are TensorFlow's {@code SAME} padding and its count of real elements per window.
     */
    private Operand<T> separablePool3d(Operand<T> x, List<Long> kernel, List<Long> strides, String mode, boolean max) {
        long[] in = staticDims(x);
        Operand<T> planes = tf.reshape(x, dims(-1, in[2], in[3], in[4]));
        List<Long> planeKernel = List.of(1L, kernel.get(2), kernel.get(3), 1L);
        List<Long> planeStrides = List.of(1L, strides.get(2), strides.get(3), 1L);
        Operand<T> pooledPlanes = max ? maxPool(planes, planeKernel, planeStrides, mode, 2)
                : avgPool(planes, planeKernel, planeStrides, mode, 2);
        long[] plane = staticDims(pooledPlanes);
        Operand<T> columns = tf.reshape(pooledPlanes, dims(-1, in[1], plane[1] * plane[2], in[4]));
        List<Long> depthKernel = List.of(1L, kernel.get(1), 1L, 1L);
        List<Long> depthStrides = List.of(1L, strides.get(1), 1L, 1L);
        Operand<T> pooled = max ? maxPool(columns, depthKernel, depthStrides, mode, 2)
                : avgPool(columns, depthKernel, depthStrides, mode, 2);
        long depth = staticDims(pooled)[1];
        return tf.reshape(pooled, dims(-1, depth, plane[1], plane[2], in[4]));
    }

    /** The static dims of a channels-last value; every axis but the batch is known at graph-building time. */
    private static long[] staticDims(Operand<?> x) {
        long[] dims = x.shape().asArray();
        for (int axis = 1; axis < dims.length; axis++) {
            if (dims[axis] < 0) {
                throw new IllegalStateException("axis " + axis + " of " + x + " has no static size");
            }
        }
        return dims;
    }

    // --- other ops

    /** Zeros of the node's output shape, for the batch of the network input; nothing flows back through them. */
    private Operand<T> zeros(Shape out) {
        long[] dims = channelsLastDims(out);
        int[] rest = new int[dims.length - 1];
        for (int axis = 1; axis < dims.length; axis++) {
            rest[axis - 1] = Math.toIntExact(dims[axis]);
        }
        Operand<TInt32> shape = tf.concat(List.of(batch, tf.constant(rest)), tf.constant(0));
        return tf.fill(shape, scalar(0f));
    }

    private Operand<T> linear(String prefix, String node, Operand<T> x, int in, int out, boolean bias) {
        Operand<T> weight = read(parameters.get(node, prefix + ".weight", Parameters.Kind.WEIGHT,
                new long[] {in, out}, in));
        Operand<T> y = tf.linalg.matMul(x, weight);
        if (bias) {
            y = tf.nn.biasAdd(y, read(parameters.get(node, prefix + ".bias", Parameters.Kind.BIAS, new long[] {out}, 0)));
        }
        return y;
    }

    /** Inverted dropout: in training, keeps each element with probability {@code 1 - rate} and scales it up. */
    private Operand<T> dropout(Operand<T> x, double rate, Node node) {
        if (!training || rate == 0) {
            return tf.identity(x);
        }
        // each dropout node draws its own stream: the key is (the step's seed, the node's index)
        Operand<TInt32> nodeSeed = tf.concat(List.of(seed, tf.constant(new int[] {indices.get(node.id())})),
                tf.constant(0));
        Operand<T> uniform = tf.random.statelessRandomUniform(tf.shape(x), nodeSeed, type);
        Operand<T> keep = tf.dtypes.cast(tf.math.greaterEqual(uniform, scalar((float) rate)), type);
        return tf.math.mul(x, tf.math.mul(keep, scalar((float) (1 / (1 - rate)))));
    }

    /** Nearest-neighbour upsampling by an integer factor per spatial axis (a factor of 1 keeps the axis). */
    private Operand<T> upsample(Operand<T> x, Shape in, int[] factors) {
        int axes = in.spatialDims();
        long[] interleaved = new long[2 * axes + 2];
        long[] multiples = new long[2 * axes + 2];
        long[] result = new long[axes + 2];
        interleaved[0] = -1;
        multiples[0] = 1;
        result[0] = -1;
        for (int axis = 0; axis < axes; axis++) {
            interleaved[2 * axis + 1] = in.spatial(axis);
            interleaved[2 * axis + 2] = 1;
            multiples[2 * axis + 1] = 1;
            multiples[2 * axis + 2] = factors[axis];
            result[axis + 1] = (long) in.spatial(axis) * factors[axis];
        }
        interleaved[2 * axes + 1] = in.channels();
        multiples[2 * axes + 1] = 1;
        result[axes + 1] = in.channels();
        Operand<T> spread = tf.tile(tf.reshape(x, dims(interleaved)), dims(multiples));
        return tf.reshape(spread, dims(result));
    }

    /** A 1x1 convolution with bias over the channel axis, as a matrix product. */
    private Operand<T> pointwise(String name, String node, Operand<T> x, Shape in, int out) {
        int channels = in.channels();
        Operand<T> weight = read(parameters.get(node, name + ".weight", Parameters.Kind.WEIGHT,
                new long[] {channels, out}, channels));
        Operand<T> bias = read(parameters.get(node, name + ".bias", Parameters.Kind.BIAS, new long[] {out}, 0));
        Operand<T> rows = tf.reshape(x, dims(-1, channels));
        Operand<T> projected = tf.nn.biasAdd(tf.linalg.matMul(rows, weight), bias);
        return tf.reshape(projected, dims(channelsLastDims(in.withChannels(out))));
    }

    private Operand<T> attentionGate(String prefix, String node, List<Operand<T>> inputs,
                                     List<Shape> shapes, int inter) {
        Operand<T> x = inputs.get(0);
        Shape xShape = shapes.get(0);
        Operand<T> joined = tf.math.add(pointwise(prefix + ".project_x", node, x, xShape, inter),
                pointwise(prefix + ".project_g", node, inputs.get(1), shapes.get(1), inter));
        Operand<T> map = pointwise(prefix + ".psi", node, tf.nn.relu(joined), xShape.withChannels(inter), 1);
        return tf.math.mul(x, tf.math.sigmoid(map));
    }

    private Operand<T> multiScaleFusion(String prefix, String node, List<Operand<T>> inputs,
                                        List<Shape> shapes, int out) {
        Shape reference = shapes.get(0);
        int axes = reference.spatialDims();
        List<Operand<T>> resized = new ArrayList<>();
        for (int index = 0; index < inputs.size(); index++) {
            Shape shape = shapes.get(index);
            Operand<T> projected = pointwise(prefix + ".project_" + index, node, inputs.get(index), shape, out);
            int[] shrink = new int[axes];
            int[] grow = new int[axes];
            boolean shrinks = false;
            boolean grows = false;
            int[] afterShrink = new int[axes];
            for (int axis = 0; axis < axes; axis++) {
                int extent = shape.spatial(axis);
                int target = reference.spatial(axis);
                shrink[axis] = extent > target ? extent / target : 1;
                grow[axis] = extent < target ? target / extent : 1;
                shrinks |= shrink[axis] > 1;
                grows |= grow[axis] > 1;
                afterShrink[axis] = extent / shrink[axis];
            }
            if (shrinks) {
                List<Long> window = new ArrayList<>();
                window.add(1L);
                for (int factor : shrink) {
                    window.add((long) factor);
                }
                window.add(1L);
                projected = avgPool(projected, window, window, "VALID", axes);
            }
            if (grows) {
                List<Integer> dims = new ArrayList<>();
                dims.add(out);
                for (int extent : afterShrink) {
                    dims.add(extent);
                }
                projected = upsample(projected, new Shape(dims), grow);
            }
            resized.add(projected);
        }
        return resized.size() == 1 ? resized.get(0) : tf.math.addN(resized);
    }

    // --- types

    /** The variable of {@code entry} read in this pass's type (once per variable and pass). */
    private Operand<T> read(Parameters.Entry entry) {
        return reads.computeIfAbsent(entry.name(), name -> cast(entry.read()));
    }

    /** A float tensor in this pass's type: itself for {@link TFloat32}, no op added. */
    @SuppressWarnings("unchecked")
    private Operand<T> cast(Operand<TFloat32> x) {
        return type == TFloat32.class ? (Operand<T>) x : tf.dtypes.cast(x, type);
    }

    /** A value of this pass's type that only exists when that type is {@link TFloat32}. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32> float32(Operand<T> x) {
        return (Operand<TFloat32>) x;
    }

    /** A scalar constant of this pass's type. */
    @SuppressWarnings("unchecked")
    private Operand<T> scalar(float value) {
        if (type == TFloat32.class) {
            return (Operand<T>) tf.constant(value);
        }
        if (type == TFloat64.class) {
            return (Operand<T>) tf.constant((double) value);
        }
        return tf.dtypes.cast(tf.constant(value), type);
    }

    // --- layout

    /** From the IR's channels-first layout (batch first) to channels last. */
    Operand<T> channelsLast(Operand<T> x, Shape shape) {
        if (shape.rank() == 1) {
            return x;
        }
        int rank = shape.rank() + 1;
        int[] permutation = new int[rank];
        for (int axis = 1; axis < rank - 1; axis++) {
            permutation[axis] = axis + 1;
        }
        permutation[rank - 1] = 1;
        return tf.linalg.transpose(x, tf.constant(permutation));
    }

    /** From channels last back to the IR's channels-first layout. */
    Operand<T> channelsFirst(Operand<T> x, Shape shape) {
        if (shape.rank() == 1) {
            return x;
        }
        int rank = shape.rank() + 1;
        int[] permutation = new int[rank];
        permutation[1] = rank - 1;
        for (int axis = 2; axis < rank; axis++) {
            permutation[axis] = axis - 1;
        }
        return tf.linalg.transpose(x, tf.constant(permutation));
    }

    /**
     * A shape argument as an int32 constant: int64 shape arithmetic makes TensorFlow's oneDNN layout pass
     * fall back (and say so on standard error), and the gradient of {@code Slice} needs int32.
     */
    private Operand<TInt32> dims(long... values) {
        return tf.constant(toInts(values));
    }

    /** {@code [-1, spatial..., C]} for a shape, {@code [-1, C]} for a feature vector. */
    private static long[] channelsLastDims(Shape shape) {
        long[] dims = new long[shape.rank() + 1];
        dims[0] = -1;
        for (int axis = 0; axis < shape.spatialDims(); axis++) {
            dims[axis + 1] = shape.spatial(axis);
        }
        dims[shape.rank()] = shape.channels();
        return dims;
    }

    private static List<Integer> spatial(Shape shape) {
        return shape.dims().subList(1, shape.rank());
    }

    /** {@code [1, value.., 1]}: a window or stride over the spatial axes of a channels-last tensor. */
    private static List<Long> window(int axes, int value) {
        List<Long> window = new ArrayList<>(axes + 2);
        window.add(1L);
        for (int axis = 0; axis < axes; axis++) {
            window.add((long) value);
        }
        window.add(1L);
        return window;
    }

    private static int[] toInts(List<Long> values) {
        return values.stream().mapToInt(Long::intValue).toArray();
    }

    private static int[] toInts(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    private static int[] range(int from, int to) {
        int[] values = new int[to - from];
        for (int index = 0; index < values.length; index++) {
            values[index] = from + index;
        }
        return values;
    }

    private static long power(int base, int exponent) {
        long result = 1;
        for (int index = 0; index < exponent; index++) {
            result *= base;
        }
        return result;
    }

    private static long[] insert(long[] dims, int position, long value) {
        long[] inserted = new long[dims.length + 1];
        System.arraycopy(dims, 0, inserted, 0, position);
        inserted[position] = value;
        System.arraycopy(dims, position, inserted, position + 1, dims.length - position);
        return inserted;
    }
}
