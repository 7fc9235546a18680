package io.nas4j.core.latency;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Shape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Predicts a network's latency per example (batch 1, one thread) from a {@link LatencyTable}: the fixed
 * cost of a network on its input shape plus the entry of every node the output depends on (nodes off
 * every path to the output are not computed by backends and cost nothing). No backend is needed when the
 * table holds every signature; with a {@link LatencyProfiler}, missing entries are measured on first use
 * and added to the table, and {@code onGrowth} is told (to save the table, say).
 *
 * <p>Thread-safe: profiling is serialised, so one signature is measured once.
 */
public final class LatencyPredictor {

    private final LatencyTable table;
    private final LatencyProfiler profiler;
    private final Consumer<LatencyTable> onGrowth;
    private final double scale;

    /** A predictor that only reads {@code table}; a missing entry throws {@link IllegalStateException}. */
    public LatencyPredictor(LatencyTable table) {
        this(table, null, grown -> { });
    }

    /**
     * A predictor that measures missing entries with {@code profiler} (may be null: then a missing entry
     * throws) and calls {@code onGrowth} after a prediction that added entries.
     */
    public LatencyPredictor(LatencyTable table, LatencyProfiler profiler, Consumer<LatencyTable> onGrowth) {
        this(table, profiler, onGrowth, 1);
    }

    private LatencyPredictor(LatencyTable table, LatencyProfiler profiler, Consumer<LatencyTable> onGrowth, double scale) {
        this.table = Objects.requireNonNull(table, "table");
        this.profiler = profiler;
        this.onGrowth = Objects.requireNonNull(onGrowth, "onGrowth");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("a latency scale must be positive and finite, got " + scale);
        }
        this.scale = scale;
    }

    /**
     * This predictor with its sums multiplied by {@code factor}: a calibration for what per-op timings
     * miss in a whole network (on a CPU mostly caches: a network's many live tensors do not stay in cache
     * the way one op's input does when it is timed alone). See {@link #calibration}.
     */
    public LatencyPredictor scaled(double factor) {
        return new LatencyPredictor(table, profiler, onGrowth, factor);
    }

    /**
     * The factor that maps predictions onto measurements of a few networks measured whole: the geometric
     * mean of {@code measured / predicted}, which minimises the squared error of the logarithms, so every
     * network weighs by its relative error (a least-squares fit through the origin lets the largest networks
     * decide and made the relative error of small ones worse). Pairs where either value is not positive
     * and finite are left out; with none left the factor is 1.
     */
    public static double calibration(double[] predicted, double[] measured) {
        if (predicted.length != measured.length || predicted.length == 0) {
            throw new IllegalArgumentException("calibration needs as many measurements as predictions, at least one");
        }
        double logs = 0;
        int used = 0;
        for (int index = 0; index < predicted.length; index++) {
            if (predicted[index] > 0 && measured[index] > 0 && Double.isFinite(predicted[index])
                    && Double.isFinite(measured[index])) {
                logs += Math.log(measured[index] / predicted[index]);
                used++;
            }
        }
        return used == 0 ? 1 : Math.exp(logs / used);
    }

    /** The factor predictions are multiplied by: 1, or the one {@link #scaled} was given. */
    public double scale() {
        return scale;
    }

    public LatencyTable table() {
        return table;
    }

    /**
     * Predicted milliseconds per example of {@code spec}.
     *
     * @throws IllegalArgumentException when the network is invalid
     * @throws IllegalStateException    when an entry is missing and there is no profiler
     */
    public double predict(NetworkSpec spec) {
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        if (!analysis.valid()) {
            throw new IllegalArgumentException("cannot predict the latency of an invalid network: "
                    + analysis.invalidReason().orElse("unknown reason"));
        }
        int before = table.size();
        double total = lookup(OpSignature.networkKey(spec.input()), () -> profiler.network(spec.input(), table));
        for (OpSignature signature : signatures(spec, analysis.shapes())) {
            total += lookup(signature.key(), () -> profiler.op(signature, table));
        }
        if (table.size() > before) {
            onGrowth.accept(table);
        }
        return total * scale;
    }

    /** The signature of every node the output depends on, in topological order. */
    public static List<OpSignature> signatures(NetworkSpec spec, Map<String, Shape> shapes) {
        Set<String> needed = new HashSet<>();
        needed.add(spec.output());
        List<Node> nodes = spec.nodes();
        for (int index = nodes.size() - 1; index >= 0; index--) {
            if (needed.contains(nodes.get(index).id())) {
                needed.addAll(nodes.get(index).inputs());
            }
        }
        List<OpSignature> signatures = new ArrayList<>();
        for (Node node : nodes) {
            if (needed.contains(node.id())) {
                signatures.add(new OpSignature(node.op(), node.inputs().stream().map(shapes::get).toList()));
            }
        }
        return signatures;
    }

    private double lookup(String key, java.util.function.DoubleSupplier measure) {
        var known = table.get(key);
        if (known.isPresent()) {
            return known.getAsDouble();
        }
        if (profiler == null) {
            throw new IllegalStateException("the latency table of " + table.backend() + " has no entry for " + key);
        }
        synchronized (this) {
            return measure.getAsDouble();
        }
    }
}
