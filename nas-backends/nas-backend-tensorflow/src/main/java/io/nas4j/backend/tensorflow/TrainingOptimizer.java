package io.nas4j.backend.tensorflow;

import io.nas4j.core.port.TrainingPlan;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * SGD with momentum or Adam on TensorFlow's framework {@link Optimizer} (its slots and update grouping),
 * with the hyperparameters a {@link TrainingPlan} varies fed per step: the learning rate (so any schedule
 * is computed in Java), the momentum, the weight decay and, for Adam, the powers {@code beta1^t} and
 * {@code beta2^t} of the step count. Feeding the powers keeps Adam deterministic; the framework's own
 * {@code Adam} updates them in a variable that races the weight update.
 *
 * <p>Updates, for every trainable variable {@code w} with gradient {@code g}, after {@code g += decay * w}
 * (L2 weight decay on every parameter, as the DJL backend does):
 * <ul>
 *   <li>SGD ({@code ApplyMomentum}): {@code m = momentum * m + g; w -= rate * m}, which is PyTorch's SGD
 *       without dampening, plain SGD for momentum 0;</li>
 *   <li>Adam ({@code ApplyAdam}): beta1 0.9, beta2 0.999, epsilon 1e-8, with bias correction.</li>
 * </ul>
 * {@link #reset} zeroes the slots, so each training starts with fresh optimiser state.
 */
final class TrainingOptimizer extends Optimizer {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private static final String MOMENTUM = "momentum";
    private static final String FIRST_MOMENT = "m";
    private static final String SECOND_MOMENT = "v";

    /** The fed hyperparameters, scalar float placeholders. */
    record Feeds(Operand<TFloat32> learningRate, Operand<TFloat32> momentum, Operand<TFloat32> weightDecay,
                 Operand<TFloat32> beta1Power, Operand<TFloat32> beta2Power) {
    }

    private final TrainingPlan.Optimizer kind;
    private final Feeds feeds;
    private final List<Output<? extends TType>> variables = new ArrayList<>();

    TrainingOptimizer(Graph graph, TrainingPlan.Optimizer kind, Feeds feeds) {
        this(graph, "optimizer_" + kind.name().toLowerCase(Locale.ROOT), kind, feeds);
    }

    /** An optimiser whose ops are named under {@code name}, for graphs with two optimisers of one kind. */
    TrainingOptimizer(Graph graph, String name, TrainingPlan.Optimizer kind, Feeds feeds) {
        super(graph, name);
        this.kind = kind;
        this.feeds = feeds;
    }

    @Override
    protected void createSlots(List<Output<? extends TType>> variables) {
        for (Output<? extends TType> variable : variables) {
            this.variables.add(variable);
            for (String slot : slotNames()) {
                createZeroSlot(variable, slot);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends TType> void createZeroSlot(Output<T> variable, String slot) {
        Ops init = getTF().withInitScope();
        createSlot(variable, slot, (Operand<T>) zeros(init, variable));
    }

    /**
     * Zeros of a variable's shape as one {@code Fill}. Not {@code Ops.zeros}: that opens a sub-scope, which
     * walks every operation of the graph, and a training graph has thousands.
     */
    private static Operand<TFloat32> zeros(Ops tf, Output<? extends TType> variable) {
        return tf.fill(tf.constant(dims(variable)), tf.constant(0f));
    }

    private List<String> slotNames() {
        return kind == TrainingPlan.Optimizer.SGD ? List.of(MOMENTUM) : List.of(FIRST_MOMENT, SECOND_MOMENT);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
        Output<TFloat32> weights = (Output<TFloat32>) variable;
        Operand<TFloat32> decayed = tf.math.add((Operand<TFloat32>) gradient,
                tf.math.mul(feeds.weightDecay(), tf.identity(weights)));
        if (kind == TrainingPlan.Optimizer.SGD) {
            Variable<TFloat32> momentum = slot(weights, MOMENTUM);
            return tf.train.applyMomentum(weights, momentum, feeds.learningRate(), decayed, feeds.momentum());
        }
        return tf.train.applyAdam(weights, slot(weights, FIRST_MOMENT), slot(weights, SECOND_MOMENT),
                feeds.beta1Power(), feeds.beta2Power(), feeds.learningRate(), tf.constant(BETA1), tf.constant(BETA2),
                tf.constant(EPSILON), decayed);
    }

    /**
     * The update of each variable as an op of its own, in order, for graphs that run a chosen subset of the
     * updates per step. Unlike {@link #applyGradients}, which opens a named scope per call (each a walk over
     * the whole graph), this builds the updates directly: a supernet has a hundred or more variables.
     */
    List<Op> applyEach(List<GradAndVar<? extends TType>> gradients) {
        List<Output<? extends TType>> targets = new ArrayList<>();
        gradients.forEach(pair -> targets.add(pair.getVariable()));
        createSlots(targets);
        List<Op> updates = new ArrayList<>(gradients.size());
        for (GradAndVar<? extends TType> pair : gradients) {
            updates.add(applyOne(pair));
        }
        return updates;
    }

    private <T extends TType> Op applyOne(GradAndVar<T> pair) {
        return applyDense(getTF(), pair.getGradient(), pair.getVariable());
    }

    private Variable<TFloat32> slot(Output<TFloat32> variable, String name) {
        return getSlot(variable, name).orElseThrow(() -> new IllegalStateException("no " + name + " slot for "
                + variable.op().name()));
    }

    /** An op that sets every slot back to zero. */
    @SuppressWarnings("unchecked")
    Op reset() {
        Ops tf = getTF();
        List<Op> assignments = new ArrayList<>();
        for (Output<? extends TType> variable : variables) {
            for (String name : slotNames()) {
                Variable<TFloat32> slot = slot((Output<TFloat32>) variable, name);
                assignments.add(tf.assign(slot, zeros(tf, variable)));
            }
        }
        return tf.withControlDependencies(assignments).noOp();
    }

    /** A variable's static shape as int32 (see {@code ForwardPass.dims}). */
    private static int[] dims(Output<? extends TType> variable) {
        return Arrays.stream(variable.shape().asArray()).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public String getOptimizerName() {
        return kind == TrainingPlan.Optimizer.SGD ? "Momentum" : "Adam";
    }
}
