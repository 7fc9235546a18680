package io.nas4j.core.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Shape inference and counting over the IR: walks the nodes in their (topological) order, infers each
 * node's output shape for one example and adds up trainable parameters, buffers, multiply-accumulates
 * (MACs) and activation elements.
 *
 * <h2>Shape rules</h2>
 * Padding is always "same", so a spatial op with stride {@code s} maps an extent {@code n} to
 * {@code ceil(n / s)} whatever its kernel (a kernel larger than the map is allowed). Because of the
 * ceiling, a map would never shrink below 1; instead, <b>a stride {@code s > 1} applied to a map with
 * any spatial extent smaller than {@code s} is invalid</b> (stride 2 on a 1x1 map): a searched network
 * that keeps downsampling past its input's resolution is reported rather than silently padded.
 * Convolutions and pools need an input of rank {@code spatialDims + 1}; linear layers a feature vector;
 * add identical shapes; concat equal spatial extents; the attention gate, multi-scale fusion and the
 * detection head a 2D or 3D feature map. Unary ops take exactly one input, add and concat at least two,
 * the attention gate exactly two ({@code x}, then the gating signal {@code g}), multi-scale fusion at
 * least one (each spatial extent an integer multiple or divisor of the first input's on the same axis).
 * The detection output takes one [A * (5 + classes), H, W] map per declared level (A that level's anchors
 * per position) and gives {@code [anchors, 5 + classes]}; it counts no parameters and no MACs.
 *
 * <h2>Counting conventions</h2>
 * <ul>
 *   <li>Parameters follow {@link Op}: weights plus bias where set; batch norm has {@code 2C} parameters
 *       (gamma, beta) and {@code 2C} buffers (running mean, variance). The attention gate, multi-scale
 *       fusion and detection head count their convolutions with bias.</li>
 *   <li>MACs count only convolutions, linear layers and the gate's multiplication, per example. Pooling,
 *       batch norm, activations, add, concat, upsampling and resizing count 0: they are memory-bound and
 *       negligible next to the convolutions, which is also how the usual FLOP counters treat them.
 *       The attention gate counts its three 1x1 convolutions at {@code x}'s spatial size plus
 *       {@code Cx * spatial} for the final multiply; multi-scale fusion counts each input's 1x1
 *       projection at that input's own spatial size (projection happens before resizing).</li>
 *   <li>Activation elements are the elements of every node's output plus the input's, as if nothing
 *       were freed: an upper bound on what one example's forward pass keeps for the backward pass.</li>
 * </ul>
 * An invalid network reports zero for every count and no shapes.
 */
final class ShapeInference {

    private ShapeInference() {
    }

    static NetworkAnalysis analyse(NetworkSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(NetworkSpec.INPUT, spec.input());
        Totals totals = new Totals();
        totals.activations = spec.input().elements();
        for (Node node : spec.nodes()) {
            List<Shape> inputs = node.inputs().stream().map(shapes::get).toList();
            Shape output;
            try {
                output = infer(node.op(), inputs, totals);
            } catch (ShapeProblem problem) {
                return Analysis.invalid("node " + node.id() + " (" + node.op().kind() + "): "
                        + problem.getMessage());
            }
            shapes.put(node.id(), output);
            totals.activations += output.elements();
        }
        return new Analysis(Optional.empty(), Collections.unmodifiableMap(shapes), shapes.get(spec.output()),
                totals.parameters, totals.buffers, totals.macs, totals.activations);
    }

    /** Accumulates counts while walking; only kept when the whole network turns out valid. */
    private static final class Totals {
        private long parameters;
        private long buffers;
        private long macs;
        private long activations;
    }

    /** A shape that does not fit; caught at the node loop and turned into an invalid analysis. */
    private static final class ShapeProblem extends Exception {
        private static final long serialVersionUID = 1L;

        private ShapeProblem(String message) {
            super(message, null, false, false);
        }
    }

    private static Shape infer(Op op, List<Shape> inputs, Totals totals) throws ShapeProblem {
        // Op is sealed, but Java 17 has no exhaustive pattern switch: the final branch catches a new op
        // that was added to Op without a rule here.
        if (op instanceof Op.Conv conv) {
            return conv(conv, single(inputs), totals);
        } else if (op instanceof Op.DepthwiseConv depthwise) {
            return depthwise(depthwise, single(inputs), totals);
        } else if (op instanceof Op.BatchNorm) {
            Shape input = single(inputs);
            totals.parameters += 2L * input.channels();
            totals.buffers += 2L * input.channels();
            return input;
        } else if (op instanceof Op.Activation || op instanceof Op.Identity || op instanceof Op.Dropout) {
            return single(inputs);
        } else if (op instanceof Op.Pool pool) {
            Shape input = single(inputs);
            requireRank(input, pool.spatialDims());
            return strided(input, pool.stride());
        } else if (op instanceof Op.Zero zero) {
            Shape input = single(inputs);
            if (zero.stride() > 1 && input.spatialDims() == 0) {
                throw new ShapeProblem("stride " + zero.stride() + " needs a feature map, got " + input);
            }
            return strided(input, zero.stride());
        } else if (op instanceof Op.GlobalPool) {
            Shape input = single(inputs);
            requireSpatial(input);
            return Shape.of(input.channels());
        } else if (op instanceof Op.Flatten) {
            return Shape.of(extent(single(inputs).elements(), "the flattened size"));
        } else if (op instanceof Op.Linear linear) {
            return linear(linear, single(inputs), totals);
        } else if (op instanceof Op.Upsample upsample) {
            return upsample(upsample, single(inputs));
        } else if (op instanceof Op.Add) {
            return add(inputs);
        } else if (op instanceof Op.Concat) {
            return concat(inputs);
        } else if (op instanceof Op.AttentionGate gate) {
            return attentionGate(gate, inputs, totals);
        } else if (op instanceof Op.MultiScaleFusion fusion) {
            return multiScaleFusion(fusion, inputs, totals);
        } else if (op instanceof Op.DetectionHead head) {
            return detectionHead(head, single(inputs), totals);
        } else if (op instanceof Op.DetectionOutput detection) {
            return detectionOutput(detection, inputs);
        }
        throw new IllegalStateException("shape inference has no rule for " + op.getClass().getName());
    }

    private static Shape upsample(Op.Upsample upsample, Shape input) throws ShapeProblem {
        requireSpatial(input);
        List<Integer> dims = new ArrayList<>(input.dims());
        for (int axis = 1; axis < dims.size(); axis++) {
            dims.set(axis, extent((long) dims.get(axis) * upsample.factor(), "the upsampled extent"));
        }
        return new Shape(dims);
    }

    private static Shape conv(Op.Conv conv, Shape input, Totals totals) throws ShapeProblem {
        requireRank(input, conv.spatialDims());
        int in = input.channels();
        int out = conv.outChannels();
        if (in % conv.groups() != 0 || out % conv.groups() != 0) {
            throw new ShapeProblem(conv.groups() + " groups do not divide " + in + " input and " + out
                    + " output channels");
        }
        Shape output = strided(input, conv.stride()).withChannels(out);
        long window = power(conv.kernel(), conv.spatialDims()) * (in / conv.groups());
        totals.parameters += window * out + (conv.bias() ? out : 0);
        totals.macs += spatialElements(output) * out * window;
        return output;
    }

    private static Shape depthwise(Op.DepthwiseConv depthwise, Shape input, Totals totals) throws ShapeProblem {
        requireRank(input, depthwise.spatialDims());
        int out = extent((long) input.channels() * depthwise.multiplier(), "the output channel count");
        Shape output = strided(input, depthwise.stride()).withChannels(out);
        long window = power(depthwise.kernel(), depthwise.spatialDims());
        totals.parameters += window * out + (depthwise.bias() ? out : 0);
        totals.macs += spatialElements(output) * out * window;
        return output;
    }

    private static Shape linear(Op.Linear linear, Shape input, Totals totals) throws ShapeProblem {
        if (input.rank() != 1) {
            throw new ShapeProblem("expects a feature vector [C], got " + input
                    + "; a global pool or flatten must come first");
        }
        long weights = (long) input.channels() * linear.outFeatures();
        totals.parameters += weights + (linear.bias() ? linear.outFeatures() : 0);
        totals.macs += weights;
        return Shape.of(linear.outFeatures());
    }

    private static Shape add(List<Shape> inputs) throws ShapeProblem {
        atLeast(inputs, 2);
        Shape first = inputs.get(0);
        for (Shape other : inputs.subList(1, inputs.size())) {
            if (!other.equals(first)) {
                throw new ShapeProblem("inputs differ in shape: " + first + " vs " + other);
            }
        }
        return first;
    }

    private static Shape concat(List<Shape> inputs) throws ShapeProblem {
        atLeast(inputs, 2);
        Shape first = inputs.get(0);
        long channels = 0;
        for (Shape input : inputs) {
            if (!spatial(input).equals(spatial(first))) {
                throw new ShapeProblem("inputs differ in spatial extents: " + first + " vs " + input);
            }
            channels += input.channels();
        }
        return first.withChannels(extent(channels, "the concatenated channel count"));
    }

    private static Shape attentionGate(Op.AttentionGate gate, List<Shape> inputs, Totals totals)
            throws ShapeProblem {
        if (inputs.size() != 2) {
            throw new ShapeProblem("takes exactly 2 inputs (x, g), got " + inputs.size());
        }
        Shape x = inputs.get(0);
        Shape g = inputs.get(1);
        requireFeatureMap(x);
        if (!spatial(x).equals(spatial(g))) {
            throw new ShapeProblem("x " + x + " and g " + g + " differ in spatial extents");
        }
        long inter = gate.interChannels();
        long xChannels = x.channels();
        long gChannels = g.channels();
        long positions = spatialElements(x);
        totals.parameters += (xChannels * inter + inter) + (gChannels * inter + inter) + (inter + 1);
        totals.macs += positions * (xChannels * inter + gChannels * inter + inter + xChannels);
        return x;
    }

    private static Shape multiScaleFusion(Op.MultiScaleFusion fusion, List<Shape> inputs, Totals totals)
            throws ShapeProblem {
        atLeast(inputs, 1);
        Shape first = inputs.get(0);
        requireFeatureMap(first);
        long out = fusion.outChannels();
        long parameters = 0;
        long macs = 0;
        for (Shape input : inputs) {
            if (input.rank() != first.rank()) {
                throw new ShapeProblem("inputs differ in rank: " + first + " vs " + input);
            }
            for (int axis = 0; axis < first.spatialDims(); axis++) {
                int reference = first.spatial(axis);
                int extent = input.spatial(axis);
                if (reference % extent != 0 && extent % reference != 0) {
                    throw new ShapeProblem("spatial extents of " + input + " are not an integer factor of "
                            + first + "'s");
                }
            }
            parameters += input.channels() * out + out;
            macs += spatialElements(input) * input.channels() * out;
        }
        totals.parameters += parameters;
        totals.macs += macs;
        return first.withChannels(fusion.outChannels());
    }

    private static Shape detectionHead(Op.DetectionHead head, Shape input, Totals totals) throws ShapeProblem {
        requireFeatureMap(input);
        int out = extent((long) head.anchors() * head.outputsPerAnchor(), "the output channel count");
        long window = power(3, input.spatialDims()) * input.channels();
        Shape output = input.withChannels(out);
        totals.parameters += window * out + out;
        totals.macs += spatialElements(output) * out * window;
        return output;
    }

    private static Shape detectionOutput(Op.DetectionOutput detection, List<Shape> inputs) throws ShapeProblem {
        if (inputs.size() != detection.levels().size()) {
            throw new ShapeProblem("declares anchors for " + detection.levels().size() + " level"
                    + (detection.levels().size() == 1 ? "" : "s") + " but takes " + inputs.size() + " input"
                    + (inputs.size() == 1 ? "" : "s"));
        }
        long anchors = 0;
        for (int level = 0; level < inputs.size(); level++) {
            Shape input = inputs.get(level);
            requireRank(input, 2);
            long expected = (long) detection.levels().get(level).perPosition() * detection.outputsPerAnchor();
            if (input.channels() != expected) {
                throw new ShapeProblem("level " + level + " has " + input.channels() + " channels, its "
                        + detection.levels().get(level).perPosition() + " anchors of " + detection.outputsPerAnchor()
                        + " outputs need " + expected);
            }
            anchors += (long) detection.levels().get(level).perPosition() * spatialElements(input);
        }
        return Shape.of(extent(anchors, "the anchor count"), detection.outputsPerAnchor());
    }

    private static Shape single(List<Shape> inputs) throws ShapeProblem {
        if (inputs.size() != 1) {
            throw new ShapeProblem("takes exactly 1 input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    private static void atLeast(List<Shape> inputs, int minimum) throws ShapeProblem {
        if (inputs.size() < minimum) {
            throw new ShapeProblem("takes at least " + minimum + " input" + (minimum == 1 ? "" : "s")
                    + ", got " + inputs.size());
        }
    }

    private static void requireRank(Shape input, int spatialDims) throws ShapeProblem {
        if (input.spatialDims() != spatialDims) {
            throw new ShapeProblem("expects a " + layout(spatialDims) + " input, got " + input);
        }
    }

    private static void requireSpatial(Shape input) throws ShapeProblem {
        if (input.spatialDims() == 0) {
            throw new ShapeProblem("expects a feature map, got the feature vector " + input);
        }
    }

    private static void requireFeatureMap(Shape input) throws ShapeProblem {
        if (input.spatialDims() != 2 && input.spatialDims() != 3) {
            throw new ShapeProblem("expects a [C, H, W] or [C, D, H, W] input, got " + input);
        }
    }

    private static String layout(int spatialDims) {
        return spatialDims == 3 ? "[C, D, H, W]" : "[C, H, W]";
    }

    /** The "same"-padded output of a stride over every spatial axis; see the class note on small maps. */
    private static Shape strided(Shape input, int stride) throws ShapeProblem {
        if (stride == 1) {
            return input;
        }
        List<Integer> dims = new ArrayList<>(input.dims());
        for (int axis = 1; axis < dims.size(); axis++) {
            if (dims.get(axis) < stride) {
                throw new ShapeProblem("stride " + stride + " on spatial size " + spatialSize(input)
                        + " would shrink it below 1");
            }
            dims.set(axis, (dims.get(axis) + stride - 1) / stride);
        }
        return new Shape(dims);
    }

    private static List<Integer> spatial(Shape shape) {
        return shape.dims().subList(1, shape.rank());
    }

    private static long spatialElements(Shape shape) {
        return shape.elements() / shape.channels();
    }

    private static String spatialSize(Shape shape) {
        return spatial(shape).stream().map(String::valueOf).collect(Collectors.joining("x"));
    }

    private static long power(int base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }

    /** A shape extent, which {@link Shape} keeps as an int; a searched network can ask for more. */
    private static int extent(long value, String what) throws ShapeProblem {
        if (value > Integer.MAX_VALUE) {
            throw new ShapeProblem(what + " " + value + " exceeds " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** The analysis result; counts are zero and shapes empty when invalid. */
    private record Analysis(Optional<String> invalidReason, Map<String, Shape> shapes, Shape output,
                            long parameters, long buffers, long macs, long activationElements)
            implements NetworkAnalysis {

        static Analysis invalid(String reason) {
            return new Analysis(Optional.of(reason), Map.of(), null, 0, 0, 0, 0);
        }

        @Override
        public boolean valid() {
            return invalidReason.isEmpty();
        }

        @Override
        public Shape outputShape() {
            if (output == null) {
                throw new IllegalStateException("the network is invalid: " + invalidReason.orElseThrow());
            }
            return output;
        }
    }
}
