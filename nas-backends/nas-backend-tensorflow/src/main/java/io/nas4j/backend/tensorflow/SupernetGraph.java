package io.nas4j.backend.tensorflow;

import io.nas4j.backend.support.Batches;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Shape;
import io.nas4j.core.supernet.CandidateOp;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The graph of a {@link TensorFlowSupernet} and the session on it: the weights ({@link Parameters}, named per
 * supernet op by the {@link SupernetLayout}), the alphas (a second {@link Parameters}, one vector per choice
 * point), the fed inputs (the batch, the dropout seed, the mixing masks and flag, which ops are active) and
 * the training and inference passes, each mixing every choice node as {@code sum_k m_k * candidate_k(x)}
 * (see the supernet's class note). {@link #feedPass} feeds one pass; the training objective and its updates
 * are built on this graph by {@link SupernetTraining}.
 *
 * <p>Owns the graph and the session until {@link #close}; one thread at a time.
 */
final class SupernetGraph implements AutoCloseable {

    /** DARTS initialises the architecture weights as 1e-3 times a standard normal draw. */
    private static final double ALPHA_INIT_SIGMA = 1e-3;

    private final SupernetSpec spec;
    private final long planSeed;
    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final Parameters parameters;
    private final Parameters architecture;
    private final SupernetLayout layout;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TInt32> seed;
    private final Placeholder<TFloat32> mixedFlag;
    /** Which supernet ops a step may update, one entry per op in the layout's order. */
    private final Placeholder<TBool> active;
    private final List<Placeholder<TFloat32>> masks;
    private final Operand<TFloat32> trainingOutput;
    private final Operand<TFloat32> inferenceOutput;
    private final List<ForwardPass.MovingAverage> statistics;
    private int passes;

    /**
     * Builds both passes on {@code graph} and opens a session on it; dropout seeds of the passes derive from
     * {@code planSeed}. The variables hold no values until {@link #initialize}.
     */
    SupernetGraph(SupernetSpec spec, long planSeed, Graph graph) {
        this.spec = spec;
        this.planSeed = planSeed;
        this.graph = graph;
        this.tf = Ops.create(graph);
        this.parameters = new Parameters(tf);
        this.architecture = new Parameters(tf);
        this.layout = new SupernetLayout(spec);
        Map<String, Shape> shapes = spec.shapes();
        Map<String, Shape> opShapes = layout.candidateShapes();
        this.input = tf.withName(TensorFlowModel.INPUT).placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(Batches.dims(spec.input(), -1))));
        this.seed = tf.withName("dropout_seed").placeholder(TInt32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(1)));
        this.mixedFlag = tf.withName("mixed").placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
        this.active = tf.withName("active").placeholder(TBool.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(layout.size())));
        List<Placeholder<TFloat32>> maskInputs = new ArrayList<>();
        List<Operand<TFloat32>> mixing = new ArrayList<>();
        for (int point = 0; point < spec.points().size(); point++) {
            int size = spec.points().get(point).size();
            Placeholder<TFloat32> mask = tf.withName("mask" + point).placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(size)));
            maskInputs.add(mask);
            Operand<TFloat32> alpha = architecture.get("alpha" + point, "alpha" + point, Parameters.Kind.WEIGHT,
                    new long[] {size}, 1).read();
            mixing.add(tf.math.add(mask, tf.math.mul(mixedFlag, tf.nn.softmax(alpha))));
        }
        this.masks = List.copyOf(maskInputs);
        ForwardPass<TFloat32> training = new ForwardPass<>(tf, TFloat32.class, parameters, layout.prefixes(), input,
                true, seed, true);
        this.trainingOutput = wire(training, shapes, opShapes, mixing);
        this.statistics = training.pendingUpdates();
        ForwardPass<TFloat32> inference = new ForwardPass<>(tf, TFloat32.class, parameters, layout.prefixes(), input,
                false, null, false);
        this.inferenceOutput = tf.withName(TensorFlowModel.OUTPUT).identity(wire(inference, shapes, opShapes, mixing));
        this.session = new Session(graph, TensorFlowRuntime.sessionConfig());
    }

    /**
     * Draws the weights from {@code weightRandom} with their initialisers and the alphas from
     * {@code alphaRandom}, 1e-3 times a standard normal draw each.
     */
    void initialize(SplittableRandom weightRandom, SplittableRandom alphaRandom) {
        parameters.initialize(session, weightRandom);
        Map<String, float[]> alphas = new LinkedHashMap<>();
        for (int point = 0; point < spec.points().size(); point++) {
            float[] values = new float[spec.points().get(point).size()];
            for (int option = 0; option < values.length; option++) {
                values[option] = (float) (alphaRandom.nextGaussian() * ALPHA_INIT_SIGMA);
            }
            alphas.put("alpha" + point, values);
        }
        architecture.write(session, alphas);
    }

    SupernetSpec spec() {
        return spec;
    }

    Graph graph() {
        return graph;
    }

    Ops tf() {
        return tf;
    }

    Session session() {
        return session;
    }

    /** The supernet's weights and batch-norm statistics. */
    Parameters parameters() {
        return parameters;
    }

    /** The alphas, {@code alpha0, alpha1, ...} by choice point. */
    Parameters architecture() {
        return architecture;
    }

    SupernetLayout layout() {
        return layout;
    }

    /** The output of the training pass (batch norm on batch statistics, dropout), channels first. */
    Operand<TFloat32> trainingOutput() {
        return trainingOutput;
    }

    /** The output of the inference pass, channels first. */
    Operand<TFloat32> inferenceOutput() {
        return inferenceOutput;
    }

    /** The training pass's batch-norm updates, not yet assigned: each a running value and its batch value. */
    List<ForwardPass.MovingAverage> statistics() {
        return statistics;
    }

    /** One pass through the supernet's live nodes on {@code ops}; returns the output, channels first. */
    private Operand<TFloat32> wire(ForwardPass<TFloat32> ops, Map<String, Shape> shapes, Map<String, Shape> opShapes,
                                   List<Operand<TFloat32>> mixing) {
        Map<String, Operand<TFloat32>> values = new HashMap<>();
        values.put(NetworkSpec.INPUT, ops.channelsLast(input, spec.input()));
        for (SupernetNode node : layout.liveNodes()) {
            List<Operand<TFloat32>> arguments = node.inputs().stream().map(values::get).toList();
            List<Shape> argumentShapes = node.inputs().stream().map(shapes::get).toList();
            Operand<TFloat32> value;
            if (node instanceof SupernetNode.Fixed fixed) {
                value = ops.apply(fixed.node(), arguments, argumentShapes, shapes.get(node.id()));
            } else {
                SupernetNode.Choice choice = (SupernetNode.Choice) node;
                List<Operand<TFloat32>> terms = new ArrayList<>();
                for (int candidate = 0; candidate < choice.candidates().size(); candidate++) {
                    CandidateOp op = choice.candidates().get(candidate);
                    if (op.isZero()) {
                        continue;
                    }
                    Operand<TFloat32> y = arguments.get(0);
                    Shape shape = argumentShapes.get(0);
                    String previous = choice.input();
                    for (int index = 0; index < op.ops().size(); index++) {
                        String key = SupernetLayout.key(choice.id(), candidate, index);
                        Shape out = opShapes.get(key);
                        y = ops.apply(new Node(key, op.ops().get(index), List.of(previous)), List.of(y), List.of(shape),
                                out);
                        shape = out;
                        previous = key;
                    }
                    Operand<TFloat32> weight = tf.gather(mixing.get(choice.point()), tf.constant(candidate),
                            tf.constant(0));
                    terms.add(tf.math.mul(y, weight));
                }
                if (terms.isEmpty()) {
                    // every candidate outputs zeros
                    value = ops.apply(new Node(SupernetLayout.key(choice.id(), 0, 0), choice.candidates().get(0).ops().get(0),
                            List.of(choice.input())), arguments, argumentShapes, shapes.get(node.id()));
                } else {
                    value = terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
                }
            }
            values.put(node.id(), value);
        }
        return ops.channelsFirst(values.get(spec.output()), shapes.get(spec.output()));
    }

    /**
     * The update's value passed only while its op is {@link #active}: otherwise it is dead (TensorFlow's
     * {@code Switch}) and so is the assignment it feeds, which then does not run. One graph signature thus
     * serves every path; a target set per path would make TensorFlow prune and optimise the graph anew for
     * each path drawn.
     */
    <T extends TType> Output<T> whenActive(String op, Operand<T> value, Ops scope) {
        Operand<TBool> flag = scope.gather(active, scope.constant(layout.index(op)), scope.constant(0));
        return scope.switchCond(value, flag).outputTrue();
    }

    ForwardPass.MovingAverage whenActive(ForwardPass.MovingAverage update, Ops scope) {
        return new ForwardPass.MovingAverage(update.average(),
                whenActive(update.average().node(), update.batchValue(), scope));
    }

    /** Feeds a pass's inputs: the batch, the dropout seed, and mixed (null path) or one-hot mixing. */
    void feedPass(Session.Runner runner, List<Tensor> tensors, float[] inputs, int count, int[] path) {
        passes++;
        runner.feed(input, keep(tensors, batchTensor(inputs, count)))
                .feed(seed, keep(tensors, TInt32.vectorOf(Long.hashCode(planSeed * 0x9E3779B97F4A7C15L + passes))))
                .feed(mixedFlag, keep(tensors, TFloat32.scalarOf(path == null ? 1f : 0f)));
        boolean[] flags = new boolean[layout.size()];
        if (path == null) {
            Arrays.fill(flags, true);
        } else {
            layout.pathOps(path).forEach(op -> flags[layout.index(op)] = true);
        }
        runner.feed(active, keep(tensors, TBool.vectorOf(flags)));
        for (int point = 0; point < masks.size(); point++) {
            float[] mask = new float[spec.points().get(point).size()];
            if (path != null) {
                mask[path[point]] = 1f;
            }
            runner.feed(masks.get(point), keep(tensors, TFloat32.vectorOf(mask)));
        }
    }

    /** Adds {@code tensor} to the tensors a run closes when it is done. */
    static <T extends Tensor> T keep(List<Tensor> tensors, T tensor) {
        tensors.add(tensor);
        return tensor;
    }

    /** {@code count} examples as a channels-first tensor {@code [count, C, ...]}. */
    private TFloat32 batchTensor(float[] values, int count) {
        return TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(Batches.dims(spec.input(), count)),
                DataBuffers.of(values, true, false));
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
