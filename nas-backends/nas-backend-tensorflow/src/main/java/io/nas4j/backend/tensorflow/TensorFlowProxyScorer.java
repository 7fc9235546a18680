package io.nas4j.backend.tensorflow;

import io.nas4j.backend.support.Batches;
import io.nas4j.core.estimate.ZeroCostProxies;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The zero-cost proxies on TensorFlow Java in graph mode, following the published definitions (see
 * {@link ZeroCostProxy}); chosen by the name {@value TensorFlowBackend#NAME} like the training backend and
 * found through {@link TensorFlowModule}.
 *
 * <p>Each call builds its own graph of the network ({@link ForwardPass}, every op the training backend
 * builds, in 2D and 3D) over the nodes the output depends on, initialises the variables from
 * {@code new SplittableRandom(seed)} with the training backend's initialisers (fed in place of the
 * variables' reads, which saves an assignment run), runs the graph once and closes it. The mini-batch, the removal of batch norm and the log-determinant are {@link ZeroCostProxies}', the
 * same as every backend's, so both backends score the same examples for a seed (the initial weights differ:
 * each engine draws its own).
 * <ul>
 *   <li>Synflow: the network without batch norm (each batch-norm node an identity), every variable made
 *       positive, computed in double precision ({@code float64} throughout the graph; the variables hold the
 *       float draws and are read through a cast) on one all-ones example in inference mode; {@code R} is the
 *       sum of the outputs and the score {@code sum |w * dR/dw|} over the weights of convolutions and linear
 *       layers (and the 1x1 projections of attention gates and fusions), summed in Java doubles.</li>
 *   <li>Grad-norm: the training-mode pass (batch norm on batch statistics, dropout seeded from
 *       {@code seed}) on the mini-batch, the network's own loss ({@link TrainingLoss}), and the sum of the L2
 *       norms of the weights' gradients, in Java doubles.</li>
 *   <li>NASWOT: the training-mode pass on the mini-batch; for every ReLU node, its binary codes {@code x = (out
 *       > 0)} add {@code x x^T + (1 - x)(1 - x)^T} to the kernel, in {@code float64} in the graph (exact: the
 *       entries are integers).</li>
 * </ul>
 * Weights no gradient can reach (every path from them to the output crosses a zero op) have a zero gradient
 * and add nothing, as on DJL.
 *
 * <p>Threads: each call owns its graph and session, so calls run concurrently; sessions use the training
 * backend's thread settings ({@link TensorFlowRuntime}) without the graph optimiser, which a graph that runs
 * once does not pay back.
 */
public final class TensorFlowProxyScorer implements ProxyScorer {

    /** Creates the scorer; TensorFlow loads on first use. */
    public TensorFlowProxyScorer() {
    }

    @Override
    public String name() {
        return TensorFlowBackend.NAME;
    }

    @Override
    public double score(NetworkSpec spec, ZeroCostProxy proxy, Dataset data, int batchSize, long seed) {
        ZeroCostProxies.requireScorable(spec, proxy, data, batchSize);
        NetworkSpec network = proxy == ZeroCostProxy.SYNFLOW ? ZeroCostProxies.withoutBatchNorm(spec) : spec;
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        if (!analysis.valid()) {
            throw new IllegalArgumentException("cannot score an invalid network: " + analysis.invalidReason().orElseThrow());
        }
        int[] batch = ZeroCostProxies.batch(data.size(), batchSize, seed);
        TensorFlowRuntime.load();
        try (Graph graph = new Graph()) {
            Network built = new Network(graph, network, analysis);
            return switch (proxy) {
                case SYNFLOW -> built.synflow(seed);
                case GRAD_NORM -> built.gradNorm(data, batch, seed);
                case NASWOT -> built.naswot(data, batch, seed);
            };
        }
    }

    /** One scoring graph: the network's variables and input, and the pass a proxy builds on them. */
    private static final class Network {

        private final Graph graph;
        private final Ops tf;
        private final NetworkSpec spec;
        private final NetworkAnalysis analysis;
        private final Parameters parameters;
        private final Placeholder<TFloat32> input;

        Network(Graph graph, NetworkSpec spec, NetworkAnalysis analysis) {
            this.graph = graph;
            this.tf = Ops.create(graph);
            this.spec = spec;
            this.analysis = analysis;
            this.parameters = new Parameters(tf);
            long[] dims = Batches.dims(spec.input(), -1);
            this.input = tf.withName(TensorFlowModel.INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(dims)));
        }

        private <T extends TFloating> ForwardPass<T> pass(Class<T> type, boolean training, Operand<TInt32> seed) {
            return new ForwardPass<>(tf, type, spec, analysis.shapes(), parameters, TensorFlowModel.prefixes(spec),
                    TensorFlowModel.liveNodes(spec), input, training, seed);
        }

        double synflow(long seed) {
            ForwardPass<TFloat64> pass = pass(TFloat64.class, false, null);
            Operand<TFloat64> output = pass.output();
            Operand<TFloat64> sum = tf.sum(output, tf.constant(Batches.range(0, analysis.outputShape().rank() + 1)));
            List<Parameters.Entry> weights = weights(pass.reads());
            Output<?>[] gradients = gradients(sum, weights, pass.reads());
            Map<String, float[]> values = parameters.initialValues(new SplittableRandom(seed));
            for (float[] value : values.values()) {
                for (int index = 0; index < value.length; index++) {
                    value[index] = Math.abs(value[index]);
                }
            }
            float[] ones = new float[Math.toIntExact(spec.input().elements())];
            Arrays.fill(ones, 1f);
            try (Session session = new Session(graph, TensorFlowRuntime.singleRunConfig())) {
                List<double[]> derivatives = run(session, values, ones, 1, gradients, runner -> runner);
                double total = 0;
                for (int weight = 0; weight < weights.size(); weight++) {
                    float[] value = values.get(weights.get(weight).name());
                    double[] derivative = derivatives.get(weight);
                    for (int index = 0; index < value.length; index++) {
                        total += Math.abs(value[index] * derivative[index]);
                    }
                }
                return total;
            }
        }

        double gradNorm(Dataset data, int[] batch, long seed) {
            Placeholder<TInt32> dropoutSeed = tf.withName("dropout_seed").placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(1)));
            ForwardPass<TFloat32> pass = pass(TFloat32.class, true, dropoutSeed);
            TrainingLoss loss = TrainingLoss.of(spec, analysis.outputShape(), data);
            Placeholder<TFloat32> targets = tf.withName("targets").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(loss.targetShape())));
            Operand<TFloat32> value = loss.build(tf, pass.output(), targets);
            List<Parameters.Entry> weights = weights(pass.reads());
            Output<?>[] gradients = gradients(value, weights, pass.reads());
            try (Session session = new Session(graph, TensorFlowRuntime.singleRunConfig());
                 TFloat32 y = TFloat32.tensorOf(Shape.of(loss.targetShape(batch.length)),
                         DataBuffers.of(loss.targets(data, batch), true, false));
                 TInt32 dropout = TInt32.vectorOf(Long.hashCode(seed))) {
                double total = 0;
                for (double[] gradient : run(session, parameters.initialValues(new SplittableRandom(seed)),
                        Batches.inputs(data, batch), batch.length, gradients,
                        runner -> runner.feed(targets, y).feed(dropoutSeed, dropout))) {
                    double squares = 0;
                    for (double component : gradient) {
                        squares += component * component;
                    }
                    total += Math.sqrt(squares);
                }
                return total;
            }
        }

        double naswot(Dataset data, int[] batch, long seed) {
            Placeholder<TInt32> dropoutSeed = tf.withName("dropout_seed").placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(1)));
            ForwardPass<TFloat32> pass = pass(TFloat32.class, true, dropoutSeed);
            int size = batch.length;
            List<Operand<TFloat64>> agreements = new ArrayList<>();
            for (Node node : TensorFlowModel.liveNodes(spec)) {
                if (node.op() instanceof Op.Activation activation && activation.function() == Op.Activation.Function.RELU) {
                    Operand<TFloat64> codes = tf.dtypes.cast(tf.math.greater(pass.value(node.id()), tf.constant(0f)),
                            TFloat64.class);
                    Operand<TFloat64> on = tf.reshape(codes, tf.constant(new int[] {size, -1}));
                    Operand<TFloat64> off = tf.math.sub(tf.constant(1.0), on);
                    agreements.add(tf.linalg.matMul(on, on, MatMul.transposeB(true)));
                    agreements.add(tf.linalg.matMul(off, off, MatMul.transposeB(true)));
                }
            }
            if (agreements.isEmpty()) {
                return Double.NEGATIVE_INFINITY; // no ReLU: every code is empty, the kernel is zero
            }
            Operand<TFloat64> kernel = tf.math.addN(agreements);
            try (Session session = new Session(graph, TensorFlowRuntime.singleRunConfig());
                 TInt32 dropout = TInt32.vectorOf(Long.hashCode(seed))) {
                double[] values = run(session, parameters.initialValues(new SplittableRandom(seed)), Batches.inputs(data, batch),
                        size, new Output<?>[] {kernel.asOutput()}, runner -> runner.feed(dropoutSeed, dropout)).get(0);
                return ZeroCostProxies.logAbsDeterminant(values, size);
            }
        }

        /**
         * The weights of convolutions, linear layers and projections that a gradient of the output reaches
         * (paths through zero ops carry none: TensorFlow returns no gradient rather than a zero one).
         */
        private List<Parameters.Entry> weights(Map<String, ? extends Operand<?>> reads) {
            Set<String> reached = TensorFlowModel.gradientReach(spec);
            return parameters.all().stream()
                    .filter(entry -> entry.kind() == Parameters.Kind.WEIGHT && reached.contains(entry.node())
                            && reads.containsKey(entry.name()))
                    .toList();
        }

        /** The gradients of {@code value} with respect to the weights as the pass reads them. */
        private Output<?>[] gradients(Operand<?> value, List<Parameters.Entry> weights,
                                      Map<String, ? extends Operand<?>> reads) {
            if (weights.isEmpty()) {
                return new Output<?>[0];
            }
            Output<?>[] variables = weights.stream().map(entry -> reads.get(entry.name()).asOutput()).toArray(Output<?>[]::new);
            return graph.addGradients(value.asOutput(), variables);
        }

        /**
         * Runs the graph once on {@code count} examples with the variables' values fed in place of their reads
         * (no assignment run), and returns the fetched float tensors as doubles.
         */
        private List<double[]> run(Session session, Map<String, float[]> variables, float[] examples, int count,
                                   Output<?>[] fetches, UnaryOperator<Session.Runner> feeds) {
            List<double[]> values = new ArrayList<>(fetches.length);
            if (fetches.length == 0) {
                return values;
            }
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(Batches.dims(spec.input(), count)), DataBuffers.of(examples, true, false))) {
                Session.Runner runner = feeds.apply(session.runner().feed(input, x));
                List<Tensor> fed = parameters.feedReads(runner, variables);
                try {
                    for (Output<?> fetch : fetches) {
                        runner.fetch(fetch);
                    }
                    try (Result result = runner.run()) {
                        for (int index = 0; index < fetches.length; index++) {
                            values.add(doubles(result.get(index)));
                        }
                    }
                } finally {
                    fed.forEach(Tensor::close);
                }
            }
            return values;
        }

        private static double[] doubles(Tensor tensor) {
            double[] values = new double[Math.toIntExact(tensor.shape().size())];
            if (tensor instanceof TFloat64 doubles) {
                doubles.copyTo(DataBuffers.of(values, false, false));
            } else if (tensor instanceof TFloat32 floats) {
                float[] narrow = new float[values.length];
                floats.copyTo(DataBuffers.of(narrow, false, false));
                for (int index = 0; index < narrow.length; index++) {
                    values[index] = narrow[index];
                }
            } else {
                throw new IllegalStateException("expected a float tensor, got " + tensor.dataType());
            }
            return values;
        }
    }
}
