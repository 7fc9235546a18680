package io.nas4j.backend.tck;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;

/** Small networks for backend tests. */
public final class Networks {

    private Networks() {
    }

    /** conv-bn-relu, max pool, conv-bn-relu, then the classification head. */
    public static NetworkSpec smallCnn(Shape input, int channels, int classes, Loss loss) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String features = convBnRelu(builder, "block1", NetworkSpec.INPUT, channels);
        features = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), features);
        features = convBnRelu(builder, "block2", features, 2 * channels);
        String logits = new ClassificationHead(input, classes).attach(builder, features);
        return builder.build(logits, loss);
    }

    public static NetworkSpec smallCnn() {
        return smallCnn(Bars.SHAPE, 8, Bars.CLASSES, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * conv-relu, flatten, linear-relu, linear: nothing normalises, so a huge learning rate blows the
     * activations up to infinity and the loss to NaN (with batch norm the loss stays large but finite).
     */
    public static NetworkSpec unnormalised() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Bars.SHAPE);
        String features = builder.add("conv", Op.Conv.of2d(8, 3, 1), NetworkSpec.INPUT);
        features = builder.add("relu", Op.Activation.relu(), features);
        features = builder.add("flatten", new Op.Flatten(), features);
        features = builder.add("hidden", new Op.Linear(32, true), features);
        features = builder.add("hidden_relu", Op.Activation.relu(), features);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), features);
        return builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Every op of the IR in {@code d} spatial dimensions (even kernels, strides, dilation, groups, padding,
     * zero, concat, upsampling, the gate, fusion, dropout, and a detection head off the path to the output),
     * ending in a classifier over {@link Bars#CLASSES} classes.
     */
    public static NetworkSpec everyOp(Shape input, int d) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String conv = builder.add("conv", new Op.Conv(d, 8, 3, 1, 1, 1, true), NetworkSpec.INPUT);
        String depthwise = builder.add("depthwise", new Op.DepthwiseConv(d, 4, 2, 2, false), conv);
        String norm = builder.add("bn", new Op.BatchNorm(), depthwise);
        String relu6 = builder.add("relu6", new Op.Activation(Op.Activation.Function.RELU6), norm);
        String max = builder.add("max", new Op.Pool(Op.PoolKind.MAX, d, 2, 1), relu6);
        String avg = builder.add("avg", new Op.Pool(Op.PoolKind.AVG, d, 3, 1), relu6);
        String sum = builder.add("sum", new Op.Add(), max, avg);
        String zero = builder.add("zero", new Op.Zero(1), sum);
        String identity = builder.add("identity", new Op.Identity(), sum);
        String joined = builder.add("concat", new Op.Concat(), sum, zero, identity);
        String up = builder.add("up", new Op.Upsample(2), joined);
        String grouped = builder.add("grouped", new Op.Conv(d, 8, 2, 1, 1, 8, false), up);
        String gating = builder.add("gating", new Op.Conv(d, 6, 1, 1, 1, 1, false), conv);
        String gate = builder.add("gate", new Op.AttentionGate(4), grouped, gating);
        builder.add("unused_detection", new Op.DetectionHead(2, 1), gate);
        String fused = builder.add("fusion", new Op.MultiScaleFusion(8), gate, joined);
        String elu = builder.add("elu", new Op.Activation(Op.Activation.Function.ELU), fused);
        String strided = builder.add("strided", new Op.Conv(d, 8, 3, 2, 2, 1, false), elu);
        String tanh = builder.add("tanh", new Op.Activation(Op.Activation.Function.TANH), strided);
        String sigmoid = builder.add("sigmoid", new Op.Activation(Op.Activation.Function.SIGMOID), strided);
        String mixed = builder.add("mixed", new Op.Add(), tanh, sigmoid);
        String pooled = builder.add("global", new Op.GlobalPool(Op.PoolKind.AVG), mixed);
        String maxPooled = builder.add("global_max", new Op.GlobalPool(Op.PoolKind.MAX), elu);
        String features = builder.add("features", new Op.Concat(), pooled, maxPooled);
        String dropped = builder.add("dropout", new Op.Dropout(0.1), features);
        String flat = builder.add("flatten", new Op.Flatten(), dropped);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), flat);
        return builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** {@code spec} with dropout before its node {@code head_logits}, so that a seed also has to fix the masks. */
    public static NetworkSpec withDropout(NetworkSpec spec, double rate) {
        NetworkSpec.Builder builder = NetworkSpec.builder(spec.input());
        for (var node : spec.nodes()) {
            if (node.id().equals("head_logits")) {
                String dropped = builder.add("dropout", new Op.Dropout(rate), node.inputs());
                builder.add(node.id(), node.op(), dropped);
            } else {
                builder.add(node.id(), node.op(), node.inputs());
            }
        }
        return builder.build(spec.output(), spec.loss());
    }

    /** A network of one op on the input. */
    public static NetworkSpec single(Shape input, Op op) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String node = builder.add(op.kind(), op, NetworkSpec.INPUT);
        return builder.build(node, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    public static String convBnRelu(NetworkSpec.Builder builder, String name, String input, int channels) {
        String conv = builder.add(name + "_conv", Op.Conv.of2d(channels, 3, 1), input);
        String norm = builder.add(name + "_bn", new Op.BatchNorm(), conv);
        return builder.add(name + "_relu", Op.Activation.relu(), norm);
    }
}
