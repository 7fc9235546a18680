package io.nas4j.core.space;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.ChainGenome.Layer;
import io.nas4j.core.network.ConvBlocks;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link ChainSpace} turns one layer of a chain genome into network nodes: the op (a kernel op, a pool,
 * identity or zero, with the op names' grammar in {@link LayerOp}) and the connection that joins it to the
 * layer's input (series, skip, dense, parallel). The space's {@code decode} documents the semantics.
 */
final class ChainLayers {

    private static final Pattern KERNEL_OP =
            Pattern.compile("(conv|depthwise_conv|max_pool|avg_pool|mbconv([1-9]))_([1-9]\\d?)x([1-9]\\d?)");

    private ChainLayers() {
    }

    /** The network of {@code genome} with {@code head} on top; the genome is a member of the space. */
    static NetworkSpec network(ChainGenome genome, TaskHead head) {
        Shape input = head.input();
        requireImageOrVolume(input);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        ConvBlocks blocks = ConvBlocks.on(builder, input.spatialDims());
        Features current = new Features(NetworkSpec.INPUT, input.channels());
        for (int position = 0; position < genome.depth(); position++) {
            current = decode(blocks, "layer" + position, genome.layers().get(position), current);
        }
        String output = head.attach(builder, current.id());
        return builder.build(output, head.loss());
    }

    static void requireImageOrVolume(Shape input) {
        Objects.requireNonNull(input, "input");
        if (input.spatialDims() != 2 && input.spatialDims() != 3) {
            throw new IllegalArgumentException("the chain space builds networks on images [C, H, W] or volumes"
                    + " [C, D, H, W], got input " + input);
        }
    }


    /** The nodes of {@code layer} on {@code input}, named from {@code prefix}; returns the layer's output. */
    static Features decode(ConvBlocks blocks, String prefix, Layer layer, Features input) {
        Features op = decodeOp(blocks, prefix, layer, input);
        int stride = layer.stride();
        NetworkSpec.Builder builder = blocks.builder();
        return switch (layer.connection()) {
            case "series" -> op;
            case "skip" -> {
                String shortcut = stride == 1 && input.channels() == op.channels()
                        ? input.id()
                        : blocks.projection(prefix + "_shortcut", input.id(), op.channels(), stride);
                yield new Features(builder.add(prefix + "_add", new Op.Add(), op.id(), shortcut), op.channels());
            }
            case "dense" -> {
                String aligned = stride == 1
                        ? input.id()
                        : blocks.pool(prefix + "_align", input.id(), Op.PoolKind.AVG, 3, stride);
                yield new Features(builder.add(prefix + "_concat", new Op.Concat(), op.id(), aligned),
                        op.channels() + input.channels());
            }
            case "parallel" -> {
                String branch = blocks.convBnRelu(prefix + "_branch", input.id(), op.channels(), 3, stride);
                yield new Features(builder.add(prefix + "_add", new Op.Add(), op.id(), branch), op.channels());
            }
            default -> throw new IllegalStateException("unhandled connection " + layer.connection());
        };
    }

    private static Features decodeOp(ConvBlocks blocks, String prefix, Layer layer, Features input) {
        LayerOp op = LayerOp.parse(layer.op());
        int channels = layer.channels();
        int stride = layer.stride();
        NetworkSpec.Builder builder = blocks.builder();
        switch (op.kind()) {
            case CONV -> {
                return new Features(blocks.convBnRelu(prefix, input.id(), channels, op.kernel(), stride), channels);
            }
            case DEPTHWISE_CONV -> {
                String id = blocks.depthwise(prefix + "_depthwise", input.id(), op.kernel(), stride);
                return new Features(blocks.pointwise(prefix + "_pointwise", id, channels), channels);
            }
            case INVERTED_RESIDUAL -> {
                String id = blocks.pointwise(prefix + "_expand", input.id(), input.channels() * op.expansion());
                id = blocks.depthwise(prefix + "_depthwise", id, op.kernel(), stride);
                id = blocks.projection(prefix + "_project", id, channels, 1);
                if (stride == 1 && channels == input.channels()) {
                    id = builder.add(prefix + "_residual", new Op.Add(), id, input.id());
                }
                return new Features(id, channels);
            }
            case MAX_POOL, AVG_POOL -> {
                Op.PoolKind pooling = op.kind() == OpKind.MAX_POOL ? Op.PoolKind.MAX : Op.PoolKind.AVG;
                String id = blocks.pool(prefix + "_pool", input.id(), pooling, op.kernel(), stride);
                if (channels == input.channels()) {
                    return new Features(id, channels);
                }
                return new Features(blocks.projection(prefix + "_projection", id, channels, 1), channels);
            }
            case IDENTITY -> {
                if (stride == 1 && channels == input.channels()) {
                    return new Features(builder.add(prefix + "_identity", new Op.Identity(), input.id()), channels);
                }
                return new Features(blocks.projection(prefix + "_projection", input.id(), channels, stride), channels);
            }
            case ZERO -> {
                return new Features(builder.add(prefix + "_zero", new Op.Zero(stride), input.id()), input.channels());
            }
            default -> throw new IllegalStateException("unhandled op " + layer.op());
        }
    }

    /** A decoded feature map: the node that holds it and its channel count. */
    record Features(String id, int channels) {
    }

    enum OpKind { CONV, DEPTHWISE_CONV, INVERTED_RESIDUAL, MAX_POOL, AVG_POOL, IDENTITY, ZERO }

    /**
     * An op name understood: its kind and, for kernel ops, the kernel; for inverted residuals the expansion
     * (1 for the other kinds).
     */
    record LayerOp(OpKind kind, int kernel, int expansion) {

        /** The op named {@code name}, or null when the name is not one of the supported forms. */
        static LayerOp parse(String name) {
            if (name == null) {
                return null;
            }
            if (name.equals("identity")) {
                return new LayerOp(OpKind.IDENTITY, 1, 1);
            }
            if (name.equals("zero")) {
                return new LayerOp(OpKind.ZERO, 1, 1);
            }
            Matcher matcher = KERNEL_OP.matcher(name);
            if (!matcher.matches() || !matcher.group(3).equals(matcher.group(4))) {
                return null;
            }
            int kernel = Integer.parseInt(matcher.group(3));
            // Even kernels cannot pad symmetrically, which the IR's "same" padding assumes.
            if (kernel % 2 == 0) {
                return null;
            }
            if (matcher.group(2) != null) {
                return new LayerOp(OpKind.INVERTED_RESIDUAL, kernel, Integer.parseInt(matcher.group(2)));
            }
            OpKind kind = switch (matcher.group(1)) {
                case "conv" -> OpKind.CONV;
                case "depthwise_conv" -> OpKind.DEPTHWISE_CONV;
                case "max_pool" -> OpKind.MAX_POOL;
                default -> OpKind.AVG_POOL;
            };
            return new LayerOp(kind, kernel, 1);
        }
    }
}
