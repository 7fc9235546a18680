package io.nas4j.backend.tensorflow;

import io.nas4j.backend.support.Batches;
import io.nas4j.backend.support.LearningRateSchedule;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.supernet.CandidateOp;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A supernet of the TensorFlow backend: one graph and session holding the weights ({@link Parameters}, named
 * per supernet op), the alphas (a second {@link Parameters}, one vector per choice point), a training and an
 * inference pass, and two optimisers ({@link TrainingOptimizer}: the plan's for the weights, Adam for the alphas).
 *
 * <p>Both passes mix every choice node as {@code sum_k m_k * candidate_k(x)} with fed mixing inputs: in mixed
 * mode {@code m = softmax(alpha)} of the node's point; on a path {@code m} is the one-hot vector of the picked
 * candidate, which gives exactly the subnet's values ({@code 1 * y = y}, {@code 0 * y = 0}). Candidates that
 * output zeros are left out of the sum, as in the DJL backend. A path therefore costs what the mixed network
 * costs (every candidate runs) but needs no graph of its own, so single-path one-shot can draw any of the
 * space's paths per step.
 *
 * <p>Updates are one op per variable, and a step runs only the updates it owns: a path step the path's weights
 * and batch-norm statistics (nothing else is touched, momentum and decay included), a mixed weight step every
 * weight and statistic, an alpha step every alpha and statistic. Every update waits on an assertion that the
 * step's loss is finite, so a step whose loss is NaN or infinite fails before anything is written and is
 * reported as {@link TrainingBackend.TrainingDivergedException}.
 */
final class TensorFlowSupernet implements SupernetBackend.Supernet {

    private static final int INFERENCE_BATCH = 256;
    /** DARTS initialises the architecture weights as 1e-3 times a standard normal draw. */
    private static final double ALPHA_INIT_SIGMA = 1e-3;

    private final SupernetSpec spec;
    private final SupernetPlan plan;
    private final LearningRateSchedule weightSchedule;
    private final NetworkSpec firstSubnet;
    private final Shape outputShape;
    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final Parameters parameters;
    private final Parameters architecture;
    /** The TensorFlow name prefix of each supernet op: fixed nodes by id, candidate ops by {@link #key}. */
    private final Map<String, String> prefixes;
    /** The ops whose variables receive gradients (a path to the output that passes no zero op). */
    private final Set<String> reached;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TInt32> seed;
    private final Placeholder<TFloat32> mixedFlag;
    /** Which supernet ops a step may update, one entry per op in {@link #prefixes}' order. */
    private final Placeholder<TBool> active;
    private final Map<String, Integer> opIndices = new HashMap<>();
    private final List<Placeholder<TFloat32>> masks;
    private final Operand<TFloat32> trainingOutput;
    private final Operand<TFloat32> inferenceOutput;
    private final List<ForwardPass.MovingAverage> statistics;
    private final SplittableRandom augmentationRandom;
    private Objective objective;
    private int weightStepsTaken;
    private int alphaStepsTaken;
    private int passes;
    private boolean closed;

    /** The loss of the training pass and every update, each gated by the loss being finite. */
    private record Objective(TrainingLoss loss, Placeholder<TFloat32> targets, Operand<TFloat32> value,
                             Map<String, org.tensorflow.op.Op> weightUpdates, List<org.tensorflow.op.Op> alphaUpdates,
                             Map<String, org.tensorflow.op.Op> statisticUpdates, TrainingOptimizer.Feeds weightFeeds,
                             TrainingOptimizer.Feeds alphaFeeds) {
    }

    private TensorFlowSupernet(SupernetSpec spec, SupernetPlan plan, Graph graph) {
        this.spec = spec;
        this.plan = plan;
        this.graph = graph;
        this.weightSchedule = new LearningRateSchedule(plan.weightSchedule(), plan.weightLearningRate(),
                plan.weightSteps());
        this.firstSubnet = spec.discrete(new int[spec.points().size()]);
        this.outputShape = NetworkAnalysis.of(firstSubnet).outputShape();
        this.tf = Ops.create(graph);
        this.parameters = new Parameters(tf);
        this.architecture = new Parameters(tf);
        this.prefixes = prefixes(spec);
        this.reached = reached(spec);
        Map<String, Shape> shapes = spec.shapes();
        Map<String, Shape> opShapes = candidateShapes(spec);
        this.input = tf.withName(TensorFlowModel.INPUT).placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(Batches.dims(spec.input(), -1))));
        this.seed = tf.withName("dropout_seed").placeholder(TInt32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(1)));
        this.mixedFlag = tf.withName("mixed").placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
        this.active = tf.withName("active").placeholder(TBool.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(prefixes.size())));
        for (String op : prefixes.keySet()) {
            opIndices.put(op, opIndices.size());
        }
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
        ForwardPass<TFloat32> training = new ForwardPass<>(tf, TFloat32.class, parameters, prefixes, input, true, seed,
                true);
        this.trainingOutput = wire(training, shapes, opShapes, mixing);
        this.statistics = training.pendingUpdates();
        ForwardPass<TFloat32> inference = new ForwardPass<>(tf, TFloat32.class, parameters, prefixes, input, false, null,
                false);
        this.inferenceOutput = tf.withName(TensorFlowModel.OUTPUT).identity(wire(inference, shapes, opShapes, mixing));
        this.session = new Session(graph, TensorFlowRuntime.sessionConfig());
        SplittableRandom random = new SplittableRandom(plan.seed());
        try {
            parameters.initialize(session, random.split());
            SplittableRandom alphaRandom = random.split();
            Map<String, float[]> alphas = new LinkedHashMap<>();
            for (int point = 0; point < spec.points().size(); point++) {
                float[] values = new float[spec.points().get(point).size()];
                for (int option = 0; option < values.length; option++) {
                    values[option] = (float) (alphaRandom.nextGaussian() * ALPHA_INIT_SIGMA);
                }
                alphas.put("alpha" + point, values);
            }
            architecture.write(session, alphas);
        } catch (RuntimeException e) {
            // the graph cannot close while a session on it is open
            session.close();
            throw e;
        }
        this.augmentationRandom = random.split();
    }

    /** Builds the graph and initialises weights and alphas from the plan's seed. */
    static TensorFlowSupernet build(SupernetSpec spec, SupernetPlan plan) {
        TensorFlowRuntime.load();
        Graph graph = new Graph();
        try {
            return new TensorFlowSupernet(spec, plan, graph);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** The name of op {@code op} of candidate {@code candidate} of choice node {@code choice}. */
    private static String key(String choice, int candidate, int op) {
        return choice + "#" + candidate + "." + op;
    }

    private static Map<String, String> prefixes(SupernetSpec spec) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        int index = 0;
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed) {
                prefixes.put(node.id(), "s" + index++ + "_" + safe(node.id()));
            } else if (node instanceof SupernetNode.Choice choice) {
                for (int candidate = 0; candidate < choice.candidates().size(); candidate++) {
                    for (int op = 0; op < choice.candidates().get(candidate).ops().size(); op++) {
                        prefixes.put(key(choice.id(), candidate, op),
                                "s" + index++ + "_" + safe(choice.id()) + "_c" + candidate + "_op" + op);
                    }
                }
            }
        }
        return prefixes;
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }

    /**
     * The output shape of every candidate op, by {@link #key}: from the subnet in which the op's point picks
     * its candidate (the other points pick their first), whose analysis names the op's node.
     */
    private static Map<String, Shape> candidateShapes(SupernetSpec spec) {
        Map<String, Shape> shapes = new HashMap<>();
        for (int point = 0; point < spec.points().size(); point++) {
            for (int option = 0; option < spec.points().get(point).size(); option++) {
                int[] path = new int[spec.points().size()];
                path[point] = option;
                Map<String, Shape> subnet = NetworkAnalysis.of(spec.discrete(path)).shapes();
                for (SupernetNode.Choice choice : spec.choiceNodes()) {
                    if (choice.point() != point) {
                        continue;
                    }
                    int count = choice.candidates().get(option).ops().size();
                    for (int op = 0; op < count; op++) {
                        shapes.put(key(choice.id(), option, op), subnet.get(SupernetSpec.opId(choice.id(), op, count)));
                    }
                }
            }
        }
        return shapes;
    }

    /** The ops (fixed node ids and candidate op keys) from which the output is reached through no zero op. */
    private static Set<String> reached(SupernetSpec spec) {
        Map<String, SupernetNode> byId = new HashMap<>();
        spec.nodes().forEach(node -> byId.put(node.id(), node));
        Set<String> visited = new HashSet<>();
        Set<String> ops = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(spec.output()));
        while (!pending.isEmpty()) {
            String id = pending.pop();
            SupernetNode node = byId.get(id);
            if (node == null || !visited.add(id)) {
                continue;
            }
            if (node instanceof SupernetNode.Fixed fixed) {
                if (!(fixed.node().op() instanceof Op.Zero)) {
                    ops.add(id);
                    pending.addAll(node.inputs());
                }
            } else if (node instanceof SupernetNode.Choice choice) {
                for (int candidate = 0; candidate < choice.candidates().size(); candidate++) {
                    CandidateOp op = choice.candidates().get(candidate);
                    if (!op.isZero()) {
                        for (int index = 0; index < op.ops().size(); index++) {
                            ops.add(key(choice.id(), candidate, index));
                        }
                        pending.add(choice.input());
                    }
                }
            }
        }
        return ops;
    }

    /** The nodes the output depends on, in topological order. */
    private static List<SupernetNode> liveNodes(SupernetSpec spec) {
        Set<String> needed = new HashSet<>(Set.of(spec.output()));
        List<SupernetNode> nodes = spec.nodes();
        for (int index = nodes.size() - 1; index >= 0; index--) {
            if (needed.contains(nodes.get(index).id())) {
                needed.addAll(nodes.get(index).inputs());
            }
        }
        return nodes.stream().filter(node -> needed.contains(node.id())).toList();
    }

    /** One pass through the supernet's live nodes on {@code ops}; returns the output, channels first. */
    private Operand<TFloat32> wire(ForwardPass<TFloat32> ops, Map<String, Shape> shapes, Map<String, Shape> opShapes,
                                   List<Operand<TFloat32>> mixing) {
        Map<String, Operand<TFloat32>> values = new HashMap<>();
        values.put(NetworkSpec.INPUT, ops.channelsLast(input, spec.input()));
        for (SupernetNode node : liveNodes(spec)) {
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
                        String key = key(choice.id(), candidate, index);
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
                    value = ops.apply(new Node(key(choice.id(), 0, 0), choice.candidates().get(0).ops().get(0),
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
    private <T extends TType> Output<T> whenActive(String op, Operand<T> value, Ops scope) {
        Operand<TBool> flag = scope.gather(active, scope.constant(opIndices.get(op)), scope.constant(0));
        return scope.switchCond(value, flag).outputTrue();
    }

    private ForwardPass.MovingAverage whenActive(ForwardPass.MovingAverage update, Ops scope) {
        return new ForwardPass.MovingAverage(update.average(),
                whenActive(update.average().node(), update.batchValue(), scope));
    }

    /** The loss and the gated updates, built on the first step; {@code loss} fixes the targets' shape. */
    private Objective objective(TrainingLoss loss) {
        if (objective != null) {
            return objective;
        }
        Placeholder<TFloat32> targets = tf.withName("targets").placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(loss.targetShape())));
        Operand<TFloat32> value = loss.build(tf, trainingOutput, targets);
        org.tensorflow.op.Op finite = tf.withName("loss_is_finite").assertThat(tf.math.isFinite(value), List.<Operand<?>>of(value));
        List<Parameters.Entry> weights = parameters.all().stream()
                .filter(entry -> entry.kind().trainable() && reached.contains(entry.node()))
                .toList();
        List<Parameters.Entry> alphas = architecture.all();
        List<Output<?>> variables = new ArrayList<>();
        weights.forEach(entry -> variables.add(entry.variable().asOutput()));
        alphas.forEach(entry -> variables.add(entry.variable().asOutput()));
        Output<?>[] derivatives = graph.addGradients(value.asOutput(), variables.toArray(Output<?>[]::new));
        // no update may run before every gradient is computed: gradient ops read the variables themselves
        // (reference reads happen when an op runs), so an early update would leak into another variable's
        // gradient and make a step depend on thread timing
        List<org.tensorflow.op.Op> barrier = new ArrayList<>();
        barrier.add(finite);
        for (Output<?> derivative : derivatives) {
            barrier.add(tf.identity(float32(derivative)));
        }
        Ops gated = tf.withControlDependencies(barrier);
        TrainingOptimizer.Feeds weightFeeds = feeds("weights");
        TrainingOptimizer.Feeds alphaFeeds = feeds("alphas");
        TrainingOptimizer weightOptimizer = new TrainingOptimizer(graph, "weight_optimizer", plan.weightOptimizer(),
                weightFeeds);
        TrainingOptimizer alphaOptimizer = new TrainingOptimizer(graph, "alpha_optimizer", TrainingPlan.Optimizer.ADAM,
                alphaFeeds);
        List<Optimizer.GradAndVar<? extends TType>> weightGradients = new ArrayList<>();
        for (int index = 0; index < weights.size(); index++) {
            Operand<TFloat32> gradient = whenActive(weights.get(index).node(),
                    gated.identity(float32(derivatives[index])), tf);
            weightGradients.add(pair(gradient.asOutput(), variables.get(index)));
        }
        List<org.tensorflow.op.Op> weightOps = weightOptimizer.applyEach(weightGradients);
        Map<String, org.tensorflow.op.Op> weightUpdates = new LinkedHashMap<>();
        for (int index = 0; index < weights.size(); index++) {
            weightUpdates.put(weights.get(index).name(), weightOps.get(index));
        }
        List<Optimizer.GradAndVar<? extends TType>> alphaGradients = new ArrayList<>();
        for (int index = 0; index < alphas.size(); index++) {
            int at = weights.size() + index;
            Operand<TFloat32> gradient = gated.identity(float32(derivatives[at]));
            alphaGradients.add(pair(gradient.asOutput(), variables.get(at)));
        }
        List<org.tensorflow.op.Op> alphaUpdates = alphaOptimizer.applyEach(alphaGradients);
        Map<String, org.tensorflow.op.Op> statisticUpdates = new LinkedHashMap<>();
        for (ForwardPass.MovingAverage update : statistics) {
            statisticUpdates.put(update.average().name(), ForwardPass.movingAverage(gated, whenActive(update, gated)));
        }
        session.initialize();
        objective = new Objective(loss, targets, value, weightUpdates, List.copyOf(alphaUpdates), statisticUpdates,
                weightFeeds, alphaFeeds);
        return objective;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> float32(Output<?> output) {
        return (Output<TFloat32>) output;
    }

    @SuppressWarnings("unchecked")
    private static <T extends TType> Optimizer.GradAndVar<T> pair(Output<?> gradient, Output<?> variable) {
        return new Optimizer.GradAndVar<>((Output<T>) gradient, (Output<T>) variable);
    }

    private TrainingOptimizer.Feeds feeds(String name) {
        return new TrainingOptimizer.Feeds(scalar(name + ".learning_rate"), scalar(name + ".momentum"),
                scalar(name + ".weight_decay"), scalar(name + ".beta1_power"), scalar(name + ".beta2_power"));
    }

    private Placeholder<TFloat32> scalar(String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    }

    @Override
    public SupernetSpec spec() {
        return spec;
    }

    @Override
    public long weightCount() {
        return parameters.trainableElements();
    }

    @Override
    public double trainWeightsMixed(Dataset data, int[] indices) {
        return step(data, indices, null, false);
    }

    @Override
    public double trainWeightsPath(Dataset data, int[] indices, int[] path) {
        spec.requirePath(path);
        return step(data, indices, path, false);
    }

    @Override
    public double trainAlphas(Dataset data, int[] indices) {
        return step(data, indices, null, true);
    }

    private double step(Dataset data, int[] indices, int[] path, boolean alphaStep) {
        requireOpen();
        Objects.requireNonNull(data, "data");
        if (indices.length < 2) {
            throw new IllegalArgumentException("a training batch needs at least 2 examples (batch norm), got "
                    + indices.length);
        }
        TrainingLoss loss = loss(data);
        Objective step = objective(loss);
        List<org.tensorflow.op.Op> targets = new ArrayList<>(alphaStep ? step.alphaUpdates()
                : step.weightUpdates().values());
        targets.addAll(step.statisticUpdates().values());
        float[] inputs = Batches.inputs(data, indices, alphaStep ? null : augmentationRandom);
        int weightStep = alphaStep ? weightStepsTaken : weightStepsTaken + 1;
        int alphaStepCount = alphaStep ? alphaStepsTaken + 1 : Math.max(1, alphaStepsTaken);
        List<Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            feedPass(runner, tensors, inputs, indices.length, path);
            runner.feed(step.targets(), keep(tensors, TFloat32.tensorOf(
                    org.tensorflow.ndarray.Shape.of(loss.targetShape(indices.length)),
                    DataBuffers.of(loss.targets(data, indices), true, false))));
            feedOptimizer(runner, tensors, step.weightFeeds(),
                    weightSchedule.rate(weightStep),
                    plan.weightMomentum(), plan.weightDecay(), Math.max(1, weightStep));
            feedOptimizer(runner, tensors, step.alphaFeeds(), (float) plan.alphaLearningRate(),
                    TrainingOptimizer.BETA1, plan.alphaWeightDecay(), alphaStepCount);
            targets.forEach(runner::addTarget);
            runner.fetch(step.value());
            float value;
            try (Result result = runner.run()) {
                value = ((TFloat32) result.get(0)).getFloat();
            } catch (RuntimeException e) {
                float failed = lossOnly(step, tensors, data, indices, path, inputs);
                if (!Float.isFinite(failed)) {
                    throw new TrainingBackend.TrainingDivergedException("supernet loss became "
                            + (Float.isNaN(failed) ? "NaN" : "infinite"));
                }
                throw e;
            }
            if (alphaStep) {
                alphaStepsTaken++;
            } else {
                weightStepsTaken++;
            }
            return value;
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /** The training pass's loss on a batch, nothing updated: what a failed step's loss was. */
    private float lossOnly(Objective step, List<Tensor> tensors, Dataset data, int[] indices, int[] path,
                           float[] inputs) {
        Session.Runner runner = session.runner();
        feedPass(runner, tensors, inputs, indices.length, path);
        runner.feed(step.targets(), keep(tensors, TFloat32.tensorOf(
                org.tensorflow.ndarray.Shape.of(step.loss().targetShape(indices.length)),
                DataBuffers.of(step.loss().targets(data, indices), true, false))));
        try (Result result = runner.fetch(step.value()).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    private void feedOptimizer(Session.Runner runner, List<Tensor> tensors, TrainingOptimizer.Feeds feeds, float rate,
                               double momentum, double decay, int stepCount) {
        runner.feed(feeds.learningRate(), keep(tensors, TFloat32.scalarOf(rate)))
                .feed(feeds.momentum(), keep(tensors, TFloat32.scalarOf((float) momentum)))
                .feed(feeds.weightDecay(), keep(tensors, TFloat32.scalarOf((float) decay)))
                .feed(feeds.beta1Power(), keep(tensors, TFloat32.scalarOf(
                        (float) Math.pow(TrainingOptimizer.BETA1, stepCount))))
                .feed(feeds.beta2Power(), keep(tensors, TFloat32.scalarOf(
                        (float) Math.pow(TrainingOptimizer.BETA2, stepCount))));
    }

    /** Feeds a pass's inputs: the batch, the dropout seed, and mixed (null path) or one-hot mixing. */
    private void feedPass(Session.Runner runner, List<Tensor> tensors, float[] inputs, int count, int[] path) {
        passes++;
        runner.feed(input, keep(tensors, batchTensor(inputs, count)))
                .feed(seed, keep(tensors, TInt32.vectorOf(Long.hashCode(plan.seed() * 0x9E3779B97F4A7C15L + passes))))
                .feed(mixedFlag, keep(tensors, TFloat32.scalarOf(path == null ? 1f : 0f)));
        boolean[] flags = new boolean[opIndices.size()];
        if (path == null) {
            Arrays.fill(flags, true);
        } else {
            pathOps(path).forEach(op -> flags[opIndices.get(op)] = true);
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

    private static <T extends Tensor> T keep(List<Tensor> tensors, T tensor) {
        tensors.add(tensor);
        return tensor;
    }

    /** The supernet ops of {@code path}'s subnet: every fixed node and the ops of each picked candidate. */
    private Set<String> pathOps(int[] path) {
        Set<String> ops = new HashSet<>();
        for (SupernetNode node : spec.nodes()) {
            if (node instanceof SupernetNode.Fixed) {
                ops.add(node.id());
            } else if (node instanceof SupernetNode.Choice choice) {
                int candidate = path[choice.point()];
                for (int index = 0; index < choice.candidates().get(candidate).ops().size(); index++) {
                    ops.add(key(choice.id(), candidate, index));
                }
            }
        }
        return ops;
    }

    @Override
    public double[][] alphas() {
        requireOpen();
        Map<String, float[]> values = architecture.read(session);
        double[][] alphas = new double[spec.points().size()][];
        for (int point = 0; point < alphas.length; point++) {
            float[] raw = values.get("alpha" + point);
            alphas[point] = new double[raw.length];
            for (int option = 0; option < raw.length; option++) {
                alphas[point][option] = raw[option];
            }
        }
        return alphas;
    }

    @Override
    public TrainingBackend.Evaluation evaluateMixed(Dataset data) {
        requireOpen();
        return evaluate(data, null);
    }

    @Override
    public TrainingBackend.Evaluation evaluatePath(int[] path, Dataset data, Dataset calibration, int calibrationBatches,
                                                   int batchSize) {
        requireOpen();
        spec.requirePath(path);
        recalibrate(path, calibration, calibrationBatches, batchSize);
        return evaluate(data, path);
    }

    /**
     * Sets the batch-norm statistics on the path to the mean over the calibration batches of each batch's
     * statistics (the cumulative average the DJL backend computes; here the batch values are read directly
     * from the training pass, which updates nothing). Nothing else changes.
     */
    private void recalibrate(int[] path, Dataset calibration, int batches, int batchSize) {
        Objects.requireNonNull(calibration, "calibration");
        if (batches < 1 || batchSize < 2) {
            throw new IllegalArgumentException("recalibration needs at least 1 batch of at least 2 examples, got "
                    + batches + " of " + batchSize);
        }
        TrainingLoss.requireInputs(firstSubnet, calibration);
        Set<String> onPath = pathOps(path);
        List<Integer> chosen = new ArrayList<>();
        for (int index = 0; index < statistics.size(); index++) {
            if (onPath.contains(statistics.get(index).average().node())) {
                chosen.add(index);
            }
        }
        if (chosen.isEmpty()) {
            return;
        }
        double[][] totals = new double[statistics.size()][];
        int used = 0;
        for (int from = 0; used < batches && from + 2 <= calibration.size(); from += batchSize) {
            int[] indices = Batches.range(from, Math.min(calibration.size(), from + batchSize));
            List<Tensor> tensors = new ArrayList<>();
            try {
                Session.Runner runner = session.runner();
                feedPass(runner, tensors, Batches.inputs(calibration, indices), indices.length, path);
                // every statistic is fetched whatever the path (the pass computes every candidate anyway), so
                // one graph signature serves every path
                statistics.forEach(update -> runner.fetch(update.batchValue()));
                try (Result result = runner.run()) {
                    for (int index : chosen) {
                        TFloat32 batchValue = (TFloat32) result.get(index);
                        float[] value = new float[Math.toIntExact(batchValue.size())];
                        batchValue.copyTo(DataBuffers.of(value, false, false));
                        if (totals[index] == null) {
                            totals[index] = new double[value.length];
                        }
                        for (int element = 0; element < value.length; element++) {
                            totals[index][element] += value[element];
                        }
                    }
                }
            } finally {
                tensors.forEach(Tensor::close);
            }
            used++;
        }
        if (used == 0) {
            throw new IllegalArgumentException("calibration set " + calibration.name() + " has fewer than 2 examples");
        }
        Map<String, float[]> values = parameters.read(session);
        for (int index : chosen) {
            float[] mean = values.get(statistics.get(index).average().name());
            for (int element = 0; element < mean.length; element++) {
                mean[element] = (float) (totals[index][element] / used);
            }
        }
        parameters.write(session, values);
    }

    private TrainingBackend.Evaluation evaluate(Dataset data, int[] path) {
        Objects.requireNonNull(data, "data");
        TrainingLoss loss = loss(data);
        if (!loss.scoresClasses()) {
            throw new IllegalArgumentException("supernets evaluate classification networks; this one's loss is "
                    + spec.loss());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty");
        }
        return TensorFlowBackend.classified(loss, data, outputs(data, path));
    }

    @Override
    public TrainingBackend.Model extract(int[] path) {
        requireOpen();
        NetworkSpec discrete = spec.discrete(path);
        TensorFlowModel extracted = (TensorFlowModel) new TensorFlowBackend().compile(discrete);
        try {
            List<String> keys = new ArrayList<>();
            for (SupernetNode node : spec.nodes()) {
                if (node instanceof SupernetNode.Fixed) {
                    keys.add(node.id());
                } else if (node instanceof SupernetNode.Choice choice) {
                    int candidate = path[choice.point()];
                    for (int index = 0; index < choice.candidates().get(candidate).ops().size(); index++) {
                        keys.add(key(choice.id(), candidate, index));
                    }
                }
            }
            if (keys.size() != discrete.nodes().size()) {
                throw new IllegalStateException("the subnet has " + discrete.nodes().size()
                        + " nodes but the supernet path " + keys.size());
            }
            Map<String, String> targetPrefixes = TensorFlowModel.prefixes(discrete);
            Map<String, String> sourcePrefixByNode = new HashMap<>();
            for (int index = 0; index < keys.size(); index++) {
                sourcePrefixByNode.put(discrete.nodes().get(index).id(), prefixes.get(keys.get(index)));
            }
            Map<String, float[]> source = parameters.read(session);
            Map<String, float[]> values = new LinkedHashMap<>();
            for (Parameters.Entry entry : extracted.parameters().all()) {
                String suffix = entry.name().substring(targetPrefixes.get(entry.node()).length());
                String name = sourcePrefixByNode.get(entry.node()) + suffix;
                float[] value = source.get(name);
                if (value == null || value.length != entry.size()) {
                    throw new IllegalStateException("node " + entry.node() + ": parameter " + entry.name()
                            + " has no counterpart of its size in the supernet (" + name + ")");
                }
                values.put(entry.name(), value.clone());
            }
            extracted.parameters().write(extracted.session(), values);
            extracted.trained();
            return extracted;
        } catch (RuntimeException e) {
            extracted.close();
            throw e;
        }
    }

    /** The loss over {@code data}; throws {@link IllegalArgumentException} when the data does not fit the network. */
    private TrainingLoss loss(Dataset data) {
        return TrainingLoss.of(firstSubnet, outputShape, data);
    }

    /** The network's outputs on {@code data} in inference mode, mixed when {@code path} is null. */
    float[][] outputs(Dataset data, int[] path) {
        requireOpen();
        if (path != null) {
            spec.requirePath(path);
        }
        TrainingLoss.requireInputs(firstSubnet, data);
        int size = data.size();
        int width = Math.toIntExact(outputShape.elements());
        float[][] rows = new float[size][];
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            float[] flat = new float[indices.length * width];
            List<Tensor> tensors = new ArrayList<>();
            try {
                Session.Runner runner = session.runner();
                feedPass(runner, tensors, Batches.inputs(data, indices), indices.length, path);
                try (Result result = runner.fetch(inferenceOutput).run()) {
                    ((TFloat32) result.get(0)).copyTo(DataBuffers.of(flat, false, false));
                }
            } finally {
                tensors.forEach(Tensor::close);
            }
            float[][] batchRows = Batches.rows(flat, indices.length);
            System.arraycopy(batchRows, 0, rows, from, batchRows.length);
        }
        return rows;
    }

    /** The values of every trainable weight (alphas excluded) by variable name; for tests. */
    Map<String, float[]> weightValues() {
        requireOpen();
        Map<String, float[]> all = parameters.read(session);
        Map<String, float[]> trainable = new LinkedHashMap<>();
        for (Parameters.Entry entry : parameters.all()) {
            if (entry.kind().trainable()) {
                trainable.put(entry.name(), all.get(entry.name()));
            }
        }
        return trainable;
    }

    /** The names of the trainable weights of {@code path}'s subnet; for tests. */
    Set<String> pathWeightIds(int[] path) {
        spec.requirePath(path);
        Set<String> onPath = pathOps(path);
        Set<String> names = new HashSet<>();
        for (Parameters.Entry entry : parameters.all()) {
            if (entry.kind().trainable() && onPath.contains(entry.node())) {
                names.add(entry.name());
            }
        }
        return names;
    }

    /** {@code count} examples as a channels-first tensor {@code [count, C, ...]}. */
    private TFloat32 batchTensor(float[] values, int count) {
        return TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(Batches.dims(spec.input(), count)),
                DataBuffers.of(values, true, false));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the supernet is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } finally {
                graph.close();
            }
        }
    }
}
