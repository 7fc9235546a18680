package io.nas4j.backend.tensorflow;

import io.nas4j.backend.support.Batches;
import io.nas4j.backend.support.LearningRateSchedule;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.nas4j.backend.tensorflow.SupernetGraph.keep;

/**
 * The training steps of a {@link TensorFlowSupernet} on its {@link SupernetGraph}: the loss of the training
 * pass, its gradients, and two optimisers ({@link TrainingOptimizer}: the plan's for the weights, Adam for the
 * alphas) with one update op per variable, built on the first step. A step runs only the updates it owns: a
 * path step the path's weights and batch-norm statistics (nothing else is touched, momentum and decay
 * included), a mixed weight step every weight and statistic, an alpha step every alpha and statistic. Every
 * update waits on an assertion that the step's loss is finite, so a step whose loss is NaN or infinite fails
 * before anything is written and is reported as {@link TrainingBackend.TrainingDivergedException}.
 *
 * <p>Weight steps follow the plan's schedule over its weight steps; both optimisers count their own steps
 * (Adam's bias correction). One thread at a time.
 */
final class SupernetTraining {

    private final SupernetGraph network;
    private final SupernetPlan plan;
    private final LearningRateSchedule weightSchedule;
    private final SplittableRandom augmentationRandom;
    private Objective objective;
    private int weightStepsTaken;
    private int alphaStepsTaken;

    /** The loss of the training pass and every update, each gated by the loss being finite. */
    private record Objective(TrainingLoss loss, Placeholder<TFloat32> targets, Operand<TFloat32> value,
                             Map<String, org.tensorflow.op.Op> weightUpdates, List<org.tensorflow.op.Op> alphaUpdates,
                             Map<String, org.tensorflow.op.Op> statisticUpdates, TrainingOptimizer.Feeds weightFeeds,
                             TrainingOptimizer.Feeds alphaFeeds) {
    }

    /** Steps on {@code network} as {@code plan} asks; weight steps augment batches from {@code augmentationRandom}. */
    SupernetTraining(SupernetGraph network, SupernetPlan plan, SplittableRandom augmentationRandom) {
        this.network = network;
        this.plan = plan;
        this.weightSchedule = new LearningRateSchedule(plan.weightSchedule(), plan.weightLearningRate(),
                plan.weightSteps());
        this.augmentationRandom = augmentationRandom;
    }

    /**
     * One step on the examples at {@code indices} of {@code data}: the alphas' when {@code alphaStep}, else the
     * weights' of {@code path} (every weight when null); returns the batch's loss.
     */
    double step(TrainingLoss loss, Dataset data, int[] indices, int[] path, boolean alphaStep) {
        Objective step = objective(loss);
        List<org.tensorflow.op.Op> targets = new ArrayList<>(alphaStep ? step.alphaUpdates()
                : step.weightUpdates().values());
        targets.addAll(step.statisticUpdates().values());
        float[] inputs = Batches.inputs(data, indices, alphaStep ? null : augmentationRandom);
        int weightStep = alphaStep ? weightStepsTaken : weightStepsTaken + 1;
        int alphaStepCount = alphaStep ? alphaStepsTaken + 1 : Math.max(1, alphaStepsTaken);
        List<Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner runner = network.session().runner();
            network.feedPass(runner, tensors, inputs, indices.length, path);
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
        Session.Runner runner = network.session().runner();
        network.feedPass(runner, tensors, inputs, indices.length, path);
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

    /** The loss and the gated updates, built on the first step; {@code loss} fixes the targets' shape. */
    private Objective objective(TrainingLoss loss) {
        if (objective != null) {
            return objective;
        }
        Ops tf = network.tf();
        Placeholder<TFloat32> targets = tf.withName("targets").placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(loss.targetShape())));
        Operand<TFloat32> value = loss.build(tf, network.trainingOutput(), targets);
        org.tensorflow.op.Op finite = tf.withName("loss_is_finite").assertThat(tf.math.isFinite(value), List.<Operand<?>>of(value));
        List<Parameters.Entry> weights = network.parameters().all().stream()
                .filter(entry -> entry.kind().trainable() && network.layout().reached(entry.node()))
                .toList();
        List<Parameters.Entry> alphas = network.architecture().all();
        List<Output<?>> variables = new ArrayList<>();
        weights.forEach(entry -> variables.add(entry.variable().asOutput()));
        alphas.forEach(entry -> variables.add(entry.variable().asOutput()));
        Output<?>[] derivatives = network.graph().addGradients(value.asOutput(), variables.toArray(Output<?>[]::new));
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
        TrainingOptimizer weightOptimizer = new TrainingOptimizer(network.graph(), "weight_optimizer", plan.weightOptimizer(),
                weightFeeds);
        TrainingOptimizer alphaOptimizer = new TrainingOptimizer(network.graph(), "alpha_optimizer", TrainingPlan.Optimizer.ADAM,
                alphaFeeds);
        List<Optimizer.GradAndVar<? extends TType>> weightGradients = new ArrayList<>();
        for (int index = 0; index < weights.size(); index++) {
            Operand<TFloat32> gradient = network.whenActive(weights.get(index).node(),
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
        for (ForwardPass.MovingAverage update : network.statistics()) {
            statisticUpdates.put(update.average().name(), ForwardPass.movingAverage(gated, network.whenActive(update, gated)));
        }
        network.session().initialize();
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
        return network.tf().withName(name).placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    }
}
