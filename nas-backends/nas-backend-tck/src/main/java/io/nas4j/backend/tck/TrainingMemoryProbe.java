package io.nas4j.backend.tck;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures, in a process of its own, how much a few training steps of one network at one batch size grow
 * the process: the engine is loaded and the network compiled and trained one step on one example first, so
 * that code, kernels, parameters, gradients and optimiser state are all in place; then the peak resident set
 * is reset ({@code /proc/self/clear_refs}), {@value #STEPS} steps train on {@code batch} examples each, and the
 * peak's growth over the resident set before them is printed as {@code growth_kb=N}. A fresh process per
 * measurement keeps what an allocator caches from one batch size out of the next; {@link TrainingMemoryConformance}
 * starts it with a fixed, pre-touched Java heap and glibc's allocator unmapping large blocks when freed.
 *
 * <p>Arguments: the backend's class (with a public no-argument constructor), a network of
 * {@link #NETWORKS}, the batch size. Linux only.
 */
public final class TrainingMemoryProbe {

    /** The training steps measured. */
    public static final int STEPS = 3;

    /** The input of every probed network: a CIFAR-sized image. */
    public static final Shape INPUT = Shape.of(3, 32, 32);

    public static final int CLASSES = 10;

    /** The networks a probe can train, by name. */
    public static final Map<String, NetworkSpec> NETWORKS = Map.of(
            "small-cnn-16", Networks.smallCnn(INPUT, 16, CLASSES, Loss.SOFTMAX_CROSS_ENTROPY),
            "small-cnn-64", Networks.smallCnn(INPUT, 64, CLASSES, Loss.SOFTMAX_CROSS_ENTROPY),
            "plain-4x32", plain(4, 32),
            "residual-3x48", residual(3, 48));

    private TrainingMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: TrainingMemoryProbe BACKEND_CLASS NETWORK BATCH");
        }
        TrainingBackend backend = (TrainingBackend) Class.forName(args[0]).getConstructor().newInstance();
        NetworkSpec network = NETWORKS.get(args[1]);
        if (network == null) {
            throw new IllegalArgumentException("unknown network " + args[1] + "; allowed: " + NETWORKS.keySet());
        }
        int batch = Integer.parseInt(args[2]);
        try (TrainingBackend.Model model = backend.compile(network)) {
            backend.train(model, data(1), null, plan(1), TrainingBackend.EpochMonitor.none());
            ArrayDataset measured = data(STEPS * batch);
            System.gc();
            long before = kilobytes("VmRSS:");
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            backend.train(model, measured, null, plan(batch), TrainingBackend.EpochMonitor.none());
            long peak = kilobytes("VmHWM:");
            System.out.println("growth_kb=" + (peak - before));
        }
    }

    /** One epoch of Adam, whose two moments per parameter {@link io.nas4j.core.network.TrainingMemory} counts. */
    static TrainingPlan plan(int batch) {
        return new TrainingPlan(1, batch, TrainingPlan.Optimizer.ADAM, 1e-3, 0.9, 0, TrainingPlan.Schedule.CONSTANT, 1.0, 1);
    }

    /** {@code count} examples of noise, labels in turn. */
    static ArrayDataset data(int count) {
        SplittableRandom random = new SplittableRandom(7);
        float[] inputs = new float[Math.toIntExact(count * INPUT.elements())];
        for (int index = 0; index < inputs.length; index++) {
            inputs[index] = (float) random.nextGaussian();
        }
        int[] labels = new int[count];
        for (int example = 0; example < count; example++) {
            labels[example] = example % CLASSES;
        }
        return new ArrayDataset("noise", INPUT, CLASSES, inputs, labels);
    }

    private static long kilobytes(String field) throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        for (String line : status) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    /** {@code depth} conv 3x3-bn-relu layers of {@code channels} at full resolution, then the head. */
    private static NetworkSpec plain(int depth, int channels) {
        NetworkSpec.Builder builder = NetworkSpec.builder(INPUT);
        String features = NetworkSpec.INPUT;
        for (int layer = 1; layer <= depth; layer++) {
            features = Networks.convBnRelu(builder, "layer" + layer, features, channels);
        }
        return builder.build(new ClassificationHead(INPUT, CLASSES).attach(builder, features), Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** A stem, then {@code blocks} residual blocks (two conv-bn-relu and an add), the first two halving the map. */
    private static NetworkSpec residual(int blocks, int channels) {
        NetworkSpec.Builder builder = NetworkSpec.builder(INPUT);
        String features = Networks.convBnRelu(builder, "stem", NetworkSpec.INPUT, channels);
        for (int block = 1; block <= blocks; block++) {
            int stride = block < 3 ? 2 : 1;
            String entry = stride == 1 ? features
                    : builder.add("down" + block, new Op.Pool(Op.PoolKind.AVG, 2, 2, 2), features);
            String inner = Networks.convBnRelu(builder, "block" + block + "a", entry, channels);
            inner = Networks.convBnRelu(builder, "block" + block + "b", inner, channels);
            features = builder.add("sum" + block, new Op.Add(), entry, inner);
        }
        return builder.build(new ClassificationHead(INPUT, CLASSES).attach(builder, features), Loss.SOFTMAX_CROSS_ENTROPY);
    }
}
