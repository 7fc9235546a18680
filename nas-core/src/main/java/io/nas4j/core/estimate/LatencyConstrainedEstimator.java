package io.nas4j.core.estimate;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Makes latency an objective and a constraint of any estimator: before the wrapped estimator runs, the
 * candidate's latency per example (batch 1, one thread) is predicted from a per-op lookup table
 * ({@link LatencyPredictor}); a candidate predicted slower than the limit fails at once, naming the limit,
 * and costs nothing more. Otherwise the wrapped estimator's result gains {@code predicted_latency_ms} and,
 * unless that estimator measured it itself, {@code latency_ms} (the prediction), so {@code latency_ms}
 * can be minimised as an objective whichever estimator runs. A measured {@code latency_ms} above the limit
 * fails the trial too.
 *
 * <p>Invalid networks are left to the wrapped estimator, which reports them with its own reason.
 */
public final class LatencyConstrainedEstimator<G extends Genome> implements PerformanceEstimator<G> {

    /** The metric holding the latency in milliseconds per example. */
    public static final String LATENCY = "latency_ms";

    /** The metric holding the table's prediction. */
    public static final String PREDICTED_LATENCY = "predicted_latency_ms";

    private final PerformanceEstimator<G> estimator;
    private final SearchSpace<G> space;
    private final TaskHead head;
    private final LatencyPredictor predictor;
    private final double maxLatencyMs;

    /**
     * @param maxLatencyMs the limit in milliseconds per example; {@code Double.POSITIVE_INFINITY} for none
     *                     (the latency is then only reported)
     */
    public LatencyConstrainedEstimator(PerformanceEstimator<G> estimator, SearchSpace<G> space, TaskHead head,
                                       LatencyPredictor predictor, double maxLatencyMs) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.space = Objects.requireNonNull(space, "space");
        this.head = Objects.requireNonNull(head, "head");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        if (!(maxLatencyMs > 0)) {
            throw new IllegalArgumentException("maxLatencyMs must be positive, got " + maxLatencyMs);
        }
        this.maxLatencyMs = maxLatencyMs;
    }

    /** The estimator wrapped. */
    public PerformanceEstimator<G> estimator() {
        return estimator;
    }

    @Override
    public TrialResult estimate(Trial<G> trial) throws Exception {
        NetworkSpec spec = space.decode(trial.genome(), head);
        if (!NetworkAnalysis.of(spec).valid()) {
            return estimator.estimate(trial);
        }
        double predicted = predictor.predict(spec);
        if (predicted > maxLatencyMs) {
            return TrialResult.failed(tooSlow("a predicted", predicted));
        }
        TrialResult result = estimator.estimate(trial);
        if (result.state() == TrialState.FAILED) {
            return result;
        }
        Double measured = result.metrics().get(LATENCY);
        if (measured != null && measured > maxLatencyMs) {
            return TrialResult.failed(tooSlow("a measured", measured));
        }
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put(PREDICTED_LATENCY, predicted);
        metrics.putIfAbsent(LATENCY, predicted);
        return new TrialResult(result.state(), metrics, result.cost(), result.reason(), result.curve(), result.lost());
    }

    private String tooSlow(String kind, double milliseconds) {
        return String.format(Locale.ROOT, "network has %s latency of %.4f ms per example, more than the limit of %s ms",
                kind, milliseconds, limit());
    }

    private String limit() {
        return java.math.BigDecimal.valueOf(maxLatencyMs).stripTrailingZeros().toPlainString();
    }
}
