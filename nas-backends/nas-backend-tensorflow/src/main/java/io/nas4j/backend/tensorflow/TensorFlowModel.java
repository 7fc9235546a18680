package io.nas4j.backend.tensorflow;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A compiled network: its own TensorFlow {@link Graph} and {@link Session} (native memory, freed by
 * {@link #close()}, session first), the shared {@link Parameters}, the inference pass (input placeholder
 * {@value #INPUT}, output {@value #OUTPUT}, channels first) built at compile time for every node, and,
 * built on first use and kept, the training pass, the loss with its gradients, one update step per
 * optimiser kind, and the loss of the inference pass (for losses that evaluation cannot compute in Java).
 *
 * <p>A model is fresh until its first training, which re-initialises the parameters from the plan's seed;
 * later trainings continue. Loaded models are never fresh. One thread uses a model at a time.
 */
final class TensorFlowModel implements TrainingBackend.Model {

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private final NetworkSpec spec;
    private final NetworkAnalysis analysis;
    private final Graph graph;
    private final Session session;
    private final Ops tf;
    private final Parameters parameters;
    private final Map<String, String> prefixes;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private final Map<TrainingPlan.Optimizer, Step> steps = new EnumMap<>(TrainingPlan.Optimizer.class);
    private TrainingPass trainingPass;
    private Objective objective;
    private InferenceLoss inferenceLoss;
    private boolean fresh;
    private boolean closed;

    /** The training-mode forward pass: its output, the dropout seed it reads, batch-norm updates. */
    record TrainingPass(Placeholder<TInt32> seed, Operand<TFloat32> output, List<org.tensorflow.op.Op> updates) {
    }

    /** The loss of the training pass against fed targets, and the gradients of the trainable variables it reaches. */
    record Objective(TrainingLoss loss, Placeholder<TFloat32> targets, Operand<TFloat32> value,
                     List<Optimizer.GradAndVar<? extends TType>> gradients) {
    }

    /** The loss of the inference pass against fed targets, for evaluation. */
    record InferenceLoss(Placeholder<TFloat32> targets, Operand<TFloat32> value) {
    }

    /** One optimisation step: fed hyperparameters, the op that runs it, and the op that resets the optimiser. */
    record Step(TrainingOptimizer.Feeds feeds, org.tensorflow.op.Op run, org.tensorflow.op.Op reset) {
    }

    private TensorFlowModel(NetworkSpec spec, NetworkAnalysis analysis, Graph graph, boolean fresh, boolean gpus) {
        this.spec = spec;
        this.analysis = analysis;
        this.graph = graph;
        this.fresh = fresh;
        this.tf = Ops.create(graph);
        this.parameters = new Parameters(tf);
        this.prefixes = prefixes(spec);
        long[] inputDims = new long[spec.input().rank() + 1];
        inputDims[0] = -1;
        for (int axis = 0; axis < spec.input().rank(); axis++) {
            inputDims[axis + 1] = spec.input().dims().get(axis);
        }
        this.input = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputDims)));
        ForwardPass<TFloat32> inference = new ForwardPass<>(tf, TFloat32.class, spec, analysis.shapes(), parameters,
                prefixes, spec.nodes(), input, false, null);
        this.output = tf.withName(OUTPUT).identity(inference.output());
        if (parameters.trainableElements() != analysis.parameters() || parameters.bufferElements() != analysis.buffers()) {
            throw new IllegalArgumentException("the tensorflow network has " + parameters.trainableElements()
                    + " parameters and " + parameters.bufferElements() + " buffers but the IR counts "
                    + analysis.parameters() + " and " + analysis.buffers() + ": a translation bug in the tensorflow backend");
        }
        this.session = new Session(graph, TensorFlowRuntime.sessionConfig(gpus));
    }

    /**
     * Builds the graph of {@code spec}; throws {@link IllegalArgumentException} naming the node when the
     * network is invalid or a node cannot be built. The parameters are not set yet.
     */
    static TensorFlowModel build(NetworkSpec spec, boolean fresh) {
        return build(spec, fresh, true);
    }

    /** {@link #build(NetworkSpec, boolean)}, its session seeing the GPUs only when {@code gpus}. */
    static TensorFlowModel build(NetworkSpec spec, boolean fresh, boolean gpus) {
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        if (!analysis.valid()) {
            throw new IllegalArgumentException("cannot compile an invalid network: " + analysis.invalidReason().orElseThrow());
        }
        TensorFlowRuntime.load();
        Graph graph = new Graph();
        try {
            return new TensorFlowModel(spec, analysis, graph, fresh, gpus);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** TensorFlow names for the nodes: index and id, with characters TensorFlow does not allow replaced. */
    static Map<String, String> prefixes(NetworkSpec spec) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        int index = 0;
        for (Node node : spec.nodes()) {
            prefixes.put(node.id(), "n" + index++ + "_" + node.id().replaceAll("[^A-Za-z0-9_.\\-]", "_"));
        }
        return prefixes;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public long parameterCount() {
        return analysis.parameters();
    }

    NetworkAnalysis analysis() {
        return analysis;
    }

    Session session() {
        requireOpen();
        return session;
    }

    Parameters parameters() {
        return parameters;
    }

    Placeholder<TFloat32> input() {
        return input;
    }

    Operand<TFloat32> output() {
        return output;
    }

    boolean fresh() {
        return fresh;
    }

    void trained() {
        fresh = false;
    }

    /** The training-mode forward pass over the nodes the output depends on, built on first use. */
    TrainingPass trainingPass() {
        requireOpen();
        if (trainingPass == null) {
            Placeholder<TInt32> seed = tf.withName("dropout_seed").placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(1)));
            ForwardPass<TFloat32> pass = new ForwardPass<>(tf, TFloat32.class, spec, analysis.shapes(), parameters, prefixes,
                    liveNodes(spec), input, true, seed);
            trainingPass = new TrainingPass(seed, pass.output(), pass.updates());
        }
        return trainingPass;
    }

    /** The loss and its gradients, built on first use; {@code loss} fixes the targets' shape. */
    Objective objective(TrainingLoss loss) {
        requireOpen();
        if (objective == null) {
            TrainingPass pass = trainingPass();
            Placeholder<TFloat32> targets = tf.withName("targets").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(loss.targetShape())));
            Operand<TFloat32> value = loss.build(tf, pass.output(), targets);
            List<Parameters.Entry> trained = trainedEntries();
            List<Optimizer.GradAndVar<? extends TType>> gradients = new ArrayList<>();
            if (!trained.isEmpty()) {
                Output<?>[] variables = trained.stream().map(entry -> entry.variable().asOutput()).toArray(Output<?>[]::new);
                Output<?>[] derivatives = graph.addGradients(value.asOutput(), variables);
                for (int index = 0; index < variables.length; index++) {
                    gradients.add(pair(derivatives[index], variables[index]));
                }
            }
            objective = new Objective(loss, targets, value, List.copyOf(gradients));
        }
        return objective;
    }

    /** The loss of the inference pass, built on first use; {@code loss} fixes the targets' shape. */
    InferenceLoss inferenceLoss(TrainingLoss loss) {
        requireOpen();
        if (inferenceLoss == null) {
            Placeholder<TFloat32> targets = tf.withName("evaluation_targets").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(loss.targetShape())));
            inferenceLoss = new InferenceLoss(targets, loss.build(tf, output, targets));
        }
        return inferenceLoss;
    }

    @SuppressWarnings("unchecked")
    private static <T extends TType> Optimizer.GradAndVar<T> pair(Output<?> gradient, Output<?> variable) {
        return new Optimizer.GradAndVar<>((Output<T>) gradient, (Output<T>) variable);
    }

    /** The update step of {@code kind}, built (and its slots initialised) on first use. */
    Step step(TrainingPlan.Optimizer kind, TrainingLoss loss) {
        requireOpen();
        Step existing = steps.get(kind);
        if (existing != null) {
            return existing;
        }
        Objective objective = objective(loss);
        String name = kind.name().toLowerCase(Locale.ROOT);
        TrainingOptimizer.Feeds feeds = new TrainingOptimizer.Feeds(scalar(name + ".learning_rate"),
                scalar(name + ".momentum"), scalar(name + ".weight_decay"), scalar(name + ".beta1_power"),
                scalar(name + ".beta2_power"));
        List<org.tensorflow.op.Op> actions = new ArrayList<>(trainingPass().updates());
        TrainingOptimizer optimizer = new TrainingOptimizer(graph, kind, feeds);
        if (!objective.gradients().isEmpty()) {
            actions.add(optimizer.applyGradients(objective.gradients(), name + ".apply"));
        }
        org.tensorflow.op.Op run = tf.withName(name + ".step").withControlDependencies(actions).noOp();
        Step step = new Step(feeds, run, optimizer.reset());
        session.initialize();
        steps.put(kind, step);
        return step;
    }

    private Placeholder<TFloat32> scalar(String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    }

    /** The nodes the output depends on, in topological order: the only ones a training step computes. */
    static List<Node> liveNodes(NetworkSpec spec) {
        Set<String> needed = new HashSet<>();
        needed.add(spec.output());
        List<Node> nodes = spec.nodes();
        for (int index = nodes.size() - 1; index >= 0; index--) {
            Node node = nodes.get(index);
            if (needed.contains(node.id())) {
                needed.addAll(node.inputs());
            }
        }
        return nodes.stream().filter(node -> needed.contains(node.id())).toList();
    }

    /**
     * The trainable variables a gradient reaches: those of nodes with a path to the output that passes no
     * {@link Op.Zero} (zeros do not depend on their input's values, and TensorFlow returns no gradient, not a
     * zero one, for a variable the loss does not reach).
     */
    private List<Parameters.Entry> trainedEntries() {
        Set<String> reached = gradientReach(spec);
        return parameters.all().stream()
                .filter(entry -> entry.kind().trainable() && reached.contains(entry.node()))
                .toList();
    }

    /**
     * The ids of the nodes whose variables a gradient of the output reaches: those with a path to the output
     * that passes no {@link Op.Zero}.
     */
    static Set<String> gradientReach(NetworkSpec spec) {
        Map<String, Node> byId = spec.nodesById();
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(spec.output()));
        while (!pending.isEmpty()) {
            String id = pending.pop();
            Node node = byId.get(id);
            if (node == null || !reached.add(id)) {
                continue;
            }
            if (!(node.op() instanceof Op.Zero)) {
                pending.addAll(node.inputs());
            }
        }
        return reached;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
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
