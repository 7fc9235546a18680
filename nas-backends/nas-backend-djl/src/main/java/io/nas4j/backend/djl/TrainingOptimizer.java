package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.training.optimizer.Optimizer;
import io.nas4j.backend.support.LearningRateSchedule;
import io.nas4j.core.port.TrainingPlan;

import java.util.HashMap;
import java.util.Map;

/**
 * SGD with momentum or Adam, as a {@link TrainingPlan} asks, updating through the same PyTorch kernels
 * as DJL's {@code Sgd} and {@code Adam}. Unlike those, it keeps its state (momentum, moments) in a
 * manager that {@link #close()} frees: DJL's optimisers detach their state arrays, which then stay in
 * native memory for the life of the JVM, one copy of the weights per training run.
 */
final class TrainingOptimizer extends Optimizer implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final TrainingPlan.Optimizer kind;
    private final float momentum;
    private volatile LearningRateSchedule schedule;
    private final NDManager state;
    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();

    private TrainingOptimizer(Builder builder, TrainingPlan plan, LearningRateSchedule schedule, NDManager state) {
        super(builder);
        this.kind = plan.optimizer();
        this.momentum = (float) plan.momentum();
        this.schedule = schedule;
        this.state = state;
    }

    /** The optimiser of {@code plan} over {@code totalSteps} steps; its state lives in a sub-manager of {@code parent}. */
    static TrainingOptimizer of(TrainingPlan plan, int totalSteps, NDManager parent) {
        // The base as a float, as DJL's trackers hold it: the rates stay what they were bit for bit. DJL's own
        // CosineTracker insists on a final value below the base, 0.01 by default, which rules out small rates.
        LearningRateSchedule schedule = new LearningRateSchedule(plan.schedule(), (float) plan.learningRate(),
                totalSteps);
        Builder builder = new Builder().optWeightDecays((float) plan.weightDecay());
        return new TrainingOptimizer(builder, plan, schedule, parent.newSubManager());
    }

    /** Re-plans the learning rate, after {@code stepsTaken} steps, over {@code totalSteps} in all. */
    void replan(int stepsTaken, int totalSteps) {
        schedule = schedule.replanned(stepsTaken, totalSteps);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int step = updateCount(parameterId);
        float rate = schedule.rate(step);
        NDArrayEx engine = weight.getNDArrayInternal();
        if (kind == TrainingPlan.Optimizer.SGD) {
            NDList inputs = momentum == 0f
                    ? new NDList(weight, grad)
                    : new NDList(weight, grad, moment(firstMoments, parameterId, weight));
            engine.sgdUpdate(inputs, new NDList(weight), rate, getWeightDecay(), rescaleGrad, clipGrad, momentum,
                    true);
        } else {
            double correction1 = 1 - Math.pow(BETA1, step);
            double correction2 = 1 - Math.pow(BETA2, step);
            float corrected = (float) (rate * Math.sqrt(correction2) / correction1);
            NDList inputs = new NDList(weight, grad, moment(firstMoments, parameterId, weight),
                    moment(secondMoments, parameterId, weight));
            engine.adamUpdate(inputs, new NDList(weight), rate, corrected, getWeightDecay(), rescaleGrad, clipGrad,
                    BETA1, BETA2, EPSILON, true, false);
        }
    }

    private NDArray moment(Map<String, NDArray> moments, String parameterId, NDArray weight) {
        return moments.computeIfAbsent(parameterId, id -> {
            NDArray zeros = weight.zerosLike();
            zeros.attach(state);
            return zeros;
        });
    }

    @Override
    public void close() {
        state.close();
        firstMoments.clear();
        secondMoments.clear();
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
