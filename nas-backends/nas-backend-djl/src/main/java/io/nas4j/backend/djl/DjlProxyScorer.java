package io.nas4j.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.nas4j.backend.support.Batches;
import io.nas4j.core.estimate.ZeroCostProxies;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;

import java.util.ArrayList;
import java.util.List;

/**
 * The zero-cost proxies on DJL with the PyTorch engine, following the published definitions (see
 * {@link ZeroCostProxy}); chosen by the name {@value DjlBackend#NAME} like the training backend and found
 * through {@link DjlModule}.
 *
 * <p>Each call builds the network as {@link DjlBackend#compile} would, initialises it after
 * {@code Engine.setRandomSeed(seed)} and closes it at the end. Synflow builds a copy without batch norm
 * (each batch-norm node becomes an identity, as the zero-cost proxies' reference code removes it: in
 * training mode it would normalise the single all-ones example to zero), in double precision, with every
 * parameter drawn by its usual initialiser and then made positive; it sums {@code |w * dR/dw|} over the
 * weights ({@link Parameter.Type#WEIGHT}: convolution and linear kernels, not biases). Grad-norm runs the
 * network in training mode (batch norm on batch statistics) on the mini-batch and sums the L2 norms of the
 * weights' gradients of the network's loss. NASWOT runs the mini-batch in training mode without gradients
 * and accumulates, over every ReLU node's output, {@code x x^T + (1 - x)(1 - x)^T} for the binary codes
 * {@code x = (out > 0)}; the log-determinant is taken in double precision by LU decomposition with partial
 * pivoting ({@link ZeroCostProxies}, shared with every backend's scorer, as are the batch draw and the
 * removal of batch norm). Engine sums are moved to Java doubles per parameter or per ReLU node, so sums
 * stay exact.
 *
 * <p>Threads: every call holds the backend's JVM-wide training lock (one gradient recorder per process,
 * one global random generator).
 */
public final class DjlProxyScorer implements ProxyScorer {

    private static final String MODEL_NAME = "nas4j-proxy";

    /** Creates the scorer; the PyTorch engine loads on first use. */
    public DjlProxyScorer() {
    }

    @Override
    public String name() {
        return DjlBackend.NAME;
    }

    @Override
    public double score(NetworkSpec spec, ZeroCostProxy proxy, Dataset data, int batchSize, long seed) {
        ZeroCostProxies.requireScorable(spec, proxy, data, batchSize);
        NetworkSpec network = proxy == ZeroCostProxy.SYNFLOW ? ZeroCostProxies.withoutBatchNorm(spec) : spec;
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        NetworkBlock block = new NetworkBlock(network, analysis);
        int[] batch = ZeroCostProxies.batch(data.size(), batchSize, seed);
        synchronized (DjlBackend.TRAINING) {
            DjlEngine.pytorch().setRandomSeed(Long.hashCode(seed));
            try (ai.djl.Model model = ai.djl.Model.newInstance(MODEL_NAME, Device.cpu(), DjlEngine.ENGINE_NAME)) {
                model.setBlock(block);
                NDManager manager = model.getNDManager();
                return switch (proxy) {
                    case SYNFLOW -> synflow(block, manager, network);
                    case GRAD_NORM -> gradNorm(block, manager, network, analysis, data, batch);
                    case NASWOT -> naswot(block, manager, network, data, batch);
                };
            }
        }
    }

    private static double synflow(NetworkBlock block, NDManager manager, NetworkSpec network) {
        for (Parameter parameter : block.getParameters().values()) {
            Initializer drawn = parameter.getInitializer();
            if (drawn != null) {
                parameter.setInitializer((arrays, shape, type) -> drawn.initialize(arrays, shape, type).abs());
            }
        }
        block.initialize(manager, DataType.FLOAT64, OpBlocks.batched(network.input(), 1));
        ParameterStore parameters = new ParameterStore(manager, false);
        try (NDManager pass = manager.newSubManager()) {
            NDArray ones = pass.ones(OpBlocks.batched(network.input(), 1), DataType.FLOAT64);
            try (GradientCollector collector = DjlEngine.pytorch().newGradientCollector()) {
                NDArray output = block.forward(parameters, new NDList(ones), false).singletonOrThrow();
                collector.backward(output.sum());
            }
            double total = 0;
            for (Parameter weight : weights(block)) {
                double[] values = weight.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] gradient = gradient(weight);
                for (int index = 0; index < values.length; index++) {
                    total += Math.abs(values[index] * gradient[index]);
                }
            }
            return total;
        }
    }

    private static double gradNorm(NetworkBlock block, NDManager manager, NetworkSpec network, NetworkAnalysis analysis,
                                   Dataset data, int[] batch) {
        block.initialize(manager, DataType.FLOAT32, OpBlocks.batched(network.input(), batch.length));
        TrainingLoss loss = TrainingLoss.of(network, analysis.outputShape(), data);
        ParameterStore parameters = new ParameterStore(manager, false);
        try (NDManager pass = manager.newSubManager()) {
            NDArray inputs = inputs(pass, data, batch);
            NDArray targets = loss.targets(pass, data, batch);
            try (GradientCollector collector = DjlEngine.pytorch().newGradientCollector()) {
                NDArray output = block.forward(parameters, new NDList(inputs), true).singletonOrThrow();
                collector.backward(loss.function().evaluate(new NDList(targets), new NDList(output)));
            }
            double total = 0;
            for (Parameter weight : weights(block)) {
                double squares = 0;
                for (double value : gradient(weight)) {
                    squares += value * value;
                }
                total += Math.sqrt(squares);
            }
            return total;
        }
    }

    private static double naswot(NetworkBlock block, NDManager manager, NetworkSpec network, Dataset data, int[] batch) {
        block.initialize(manager, DataType.FLOAT32, OpBlocks.batched(network.input(), batch.length));
        ParameterStore parameters = new ParameterStore(manager, false);
        int size = batch.length;
        double[] kernel = new double[size * size];
        try (NDManager pass = manager.newSubManager()) {
            block.forward(parameters, inputs(pass, data, batch), true, null, (node, value) -> {
                if (node.op() instanceof Op.Activation activation && activation.function() == Op.Activation.Function.RELU) {
                    NDArray codes = value.reshape(size, -1).gt(0).toType(DataType.FLOAT32, false);
                    NDArray off = codes.neg().add(1);
                    float[] agreement = codes.matMul(codes.transpose()).add(off.matMul(off.transpose())).toFloatArray();
                    for (int index = 0; index < kernel.length; index++) {
                        kernel[index] += agreement[index];
                    }
                }
            });
        }
        return ZeroCostProxies.logAbsDeterminant(kernel, size);
    }

    /** The kernels of convolutions and linear layers: the parameters the proxies' reference code scores. */
    private static List<Parameter> weights(NetworkBlock block) {
        List<Parameter> weights = new ArrayList<>();
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.getType() == Parameter.Type.WEIGHT && parameter.requiresGradient()) {
                weights.add(parameter);
            }
        }
        return weights;
    }

    /** The gradient as doubles; zeros for a weight no path to the output uses. */
    private static double[] gradient(Parameter weight) {
        try (NDArray gradient = weight.getArray().getGradient()) {
            return gradient.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    private static NDArray inputs(NDManager manager, Dataset data, int[] indices) {
        return manager.create(Batches.inputs(data, indices), OpBlocks.batched(data.inputShape(), indices.length));
    }
}
