package io.nas4j.core.latency;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fills a {@link LatencyTable} by timing ops on a backend, each compiled as a network of its own and timed
 * with {@link TrainingBackend#measureLatency} (batch 1, the backend's single inference thread, warm-up runs
 * then the median).
 *
 * <p>What an entry means: the fixed cost of a network on an input shape is the latency of a network
 * without nodes (its output is its input); an op's entry is the latency of the network that applies the op
 * to its input, less that fixed cost, so it includes the backend's per-node work. An op with several inputs of different shapes (a
 * concatenation, a fusion) gets them from small feeder ops on one input (average pooling or nearest
 * upsampling by an integer factor, a 1x1 convolution or a linear layer for the channels), whose own
 * entries are subtracted too. Differences below zero (noise on ops that cost next to nothing) are
 * recorded as 0.
 */
public final class LatencyProfiler {

    /** Warm-up runs and timed runs per measurement unless the caller says otherwise. */
    public static final int DEFAULT_WARMUP = 20;
    public static final int DEFAULT_RUNS = 100;

    private final TrainingBackend backend;
    private final int warmup;
    private final int runs;

    public LatencyProfiler(TrainingBackend backend) {
        this(backend, DEFAULT_WARMUP, DEFAULT_RUNS);
    }

    public LatencyProfiler(TrainingBackend backend, int warmup, int runs) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("profiling needs warmup >= 0 and runs >= 1, got " + warmup + " and " + runs);
        }
        this.warmup = warmup;
        this.runs = runs;
    }

    /** The backend timed. */
    public TrainingBackend backend() {
        return backend;
    }

    /** The fixed cost of a network on {@code input}, from {@code table} or measured and added to it. */
    public double network(Shape input, LatencyTable table) {
        String key = OpSignature.networkKey(input);
        var known = table.get(key);
        if (known.isPresent()) {
            return known.getAsDouble();
        }
        // no node at all: the network's output is its input, so the difference an op makes includes the
        // backend's per-node work (dispatch, bookkeeping of the node's value)
        return table.put(key, time(NetworkSpec.builder(input).build(NetworkSpec.INPUT, Loss.MEAN_SQUARED_ERROR)));
    }

    /** The entry of {@code signature}, from {@code table} or measured (with any feeders') and added to it. */
    public double op(OpSignature signature, LatencyTable table) {
        var known = table.get(signature.key());
        if (known.isPresent()) {
            return known.getAsDouble();
        }
        Shape first = signature.inputs().get(0);
        NetworkSpec.Builder builder = NetworkSpec.builder(first);
        List<OpSignature> feeders = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        for (Shape shape : signature.inputs()) {
            inputs.add(shape.equals(first) ? NetworkSpec.INPUT : feed(builder, first, shape, feeders, signature));
        }
        String output = builder.add("op", signature.op(), inputs);
        double whole = time(builder.build(output, Loss.MEAN_SQUARED_ERROR));
        double others = network(first, table);
        for (OpSignature feeder : feeders) {
            others += op(feeder, table);
        }
        return table.put(signature.key(), Math.max(0, whole - others));
    }

    private double time(NetworkSpec spec) {
        try (TrainingBackend.Model model = backend.compile(spec)) {
            return backend.measureLatency(model, warmup, runs).medianMs();
        }
    }

    /** Adds ops that turn the network input ({@code from}) into a tensor of shape {@code to}; returns its id. */
    private static String feed(NetworkSpec.Builder builder, Shape from, Shape to, List<OpSignature> feeders,
                               OpSignature signature) {
        if (from.rank() != to.rank()) {
            throw new IllegalArgumentException("cannot profile " + signature.key() + ": its inputs differ in rank");
        }
        String current = NetworkSpec.INPUT;
        Shape shape = from;
        int axes = from.spatialDims();
        if (axes > 0 && !from.dims().subList(1, axes + 1).equals(to.dims().subList(1, axes + 1))) {
            int shrink = factor(from, to, axes);
            int grow = factor(to, from, axes);
            Op resize;
            if (shrink > 1) {
                resize = new Op.Pool(Op.PoolKind.AVG, axes, shrink, shrink);
            } else if (grow > 1) {
                resize = new Op.Upsample(grow);
            } else {
                throw new IllegalArgumentException("cannot profile " + signature.key()
                        + ": its inputs' spatial extents are not integer multiples of one another");
            }
            feeders.add(new OpSignature(resize, List.of(shape)));
            current = builder.add("feed_resize", resize, current);
            List<Integer> dims = new ArrayList<>(to.dims());
            dims.set(0, shape.channels());
            shape = new Shape(dims);
        }
        if (shape.channels() != to.channels()) {
            Op project = axes == 0 ? new Op.Linear(to.channels(), false)
                    : new Op.Conv(axes, to.channels(), 1, 1, 1, 1, false);
            feeders.add(new OpSignature(project, List.of(shape)));
            current = builder.add("feed_channels", project, current);
        }
        return current;
    }

    /** The integer factor by which {@code larger}'s spatial extents exceed {@code smaller}'s on every axis, or 0. */
    private static int factor(Shape larger, Shape smaller, int axes) {
        int factor = 0;
        for (int axis = 0; axis < axes; axis++) {
            int big = larger.spatial(axis);
            int small = smaller.spatial(axis);
            if (big % small != 0 || (factor != 0 && big / small != factor)) {
                return 0;
            }
            factor = big / small;
        }
        return factor;
    }
}
