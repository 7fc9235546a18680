package io.nas4j.core.estimate;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.network.TrainingMemory;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Makes training memory an objective and a constraint of any estimator: before the wrapped estimator runs,
 * the candidate's peak training memory at the plan's batch size is predicted from the IR
 * ({@link TrainingMemory}: activations kept for the backward pass, parameters, gradients, the optimiser's
 * state, buffers); a candidate over the limit fails at once, naming the limit, and costs nothing more.
 * Otherwise the wrapped estimator's result gains {@value #MEMORY} in megabytes, so that it can be minimised
 * whichever estimator runs.
 *
 * <p>The memory is that of the architecture at full width, as {@code params} and {@code flops} are, even
 * when the search trains candidates narrower: it describes the network the final training builds. Invalid
 * networks are left to the wrapped estimator, which reports them with its own reason.
 */
public final class MemoryConstrainedEstimator<G extends Genome> implements PerformanceEstimator<G> {

    /** The metric holding the predicted peak training memory in megabytes. */
    public static final String MEMORY = "memory_mb";

    private final PerformanceEstimator<G> estimator;
    private final SearchSpace<G> space;
    private final TaskHead head;
    private final int batchSize;
    private final int optimizerSlots;
    private final double maxMegabytes;

    /**
     * @param plan         the candidates' training: its batch size and its optimiser's state per parameter
     * @param maxMegabytes the limit; {@code Double.POSITIVE_INFINITY} for none (the memory is then only reported)
     */
    public MemoryConstrainedEstimator(PerformanceEstimator<G> estimator, SearchSpace<G> space, TaskHead head,
                                      TrainingPlan plan, double maxMegabytes) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.space = Objects.requireNonNull(space, "space");
        this.head = Objects.requireNonNull(head, "head");
        this.batchSize = plan.batchSize();
        this.optimizerSlots = optimizerSlots(plan);
        if (!(maxMegabytes > 0)) {
            throw new IllegalArgumentException("maxMegabytes must be positive, got " + maxMegabytes);
        }
        this.maxMegabytes = maxMegabytes;
    }

    /** Values an optimiser keeps per parameter: Adam two moments, SGD with momentum one velocity, plain SGD none. */
    public static int optimizerSlots(TrainingPlan plan) {
        return switch (plan.optimizer()) {
            case ADAM -> 2;
            case SGD -> plan.momentum() > 0 ? 1 : 0;
        };
    }

    /** The estimator wrapped. */
    public PerformanceEstimator<G> estimator() {
        return estimator;
    }

    @Override
    public TrialResult estimate(Trial<G> trial) throws Exception {
        NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(trial.genome(), head));
        if (!analysis.valid()) {
            return estimator.estimate(trial);
        }
        double megabytes = TrainingMemory.of(analysis, batchSize, optimizerSlots).totalMegabytes();
        if (megabytes > maxMegabytes) {
            return TrialResult.failed(String.format(Locale.ROOT, "network needs a predicted %.3f MB to train at batch %d,"
                    + " more than the limit of %s MB", megabytes, batchSize,
                    BigDecimal.valueOf(maxMegabytes).stripTrailingZeros().toPlainString()));
        }
        TrialResult result = estimator.estimate(trial);
        if (result.state() == TrialState.FAILED) {
            return result;
        }
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put(MEMORY, megabytes);
        return new TrialResult(result.state(), metrics, result.cost(), result.reason(), result.curve(), result.lost());
    }
}
