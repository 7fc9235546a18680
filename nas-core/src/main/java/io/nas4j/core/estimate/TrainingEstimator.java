package io.nas4j.core.estimate;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.space.WidthScaling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Estimates a candidate by training it: decode the genome with the task's head, check the network with
 * the core's analysis (an invalid one fails with the analysis's reason and costs nothing), compile it on
 * the backend, train it on the training split for the trial's fidelity in epochs (the plan's epochs at
 * full fidelity), and report the validation accuracy with the network's size.
 *
 * <p>Metrics: {@code accuracy} (validation top-1 after the last epoch, in [0, 1]), {@code params},
 * {@code flops} (multiply-adds), {@code activation_mb}, {@code train_seconds}, {@code ms_per_step}, and
 * {@code latency_ms} (median, batch 1) when latency measurement is on. The curve holds the validation
 * accuracy after each epoch; the cost is the number of epochs trained.
 *
 * <p>Low fidelity: besides fewer epochs (the trial's fidelity) and a fraction of the training data (the
 * plan's {@code dataFraction}), {@link #withWidthMultiplier} trains every candidate with its body's
 * channels scaled ({@link WidthScaling}); {@code params}, {@code flops} and {@code activation_mb} stay
 * those of the architecture at full width, which the limits are checked on and the final training
 * builds, and {@code trained_params} is added with the scaled network's count.
 *
 * <p>Learning-curve stopping: with {@link #withCurveStopping}, a trial that carries an incumbent for the
 * metric {@code accuracy} is stopped once its extrapolated curve cannot beat it ({@link CurveStopping}).
 * It still completes, with the accuracy of its last epoch, its partial curve, the cost of the epochs it
 * trained, the reason in its {@code reason}, and the metrics {@code stopped_early} (1) and
 * {@code predicted_accuracy}; runs that were not stopped report {@code stopped_early} 0. A stopped trial
 * never becomes the incumbent: it stops only while every epoch so far is below it.
 *
 * <p>Determinism: the training seed is the plan's seed combined with the genome's canonical key, so one
 * architecture trains identically whichever trial it is, and two searches with the same seed agree.
 * Networks with more parameters than {@code maxParameters}, or more multiply-adds per example than
 * {@code maxMacs}, fail before training, naming the limit: the MAC limit is what keeps a candidate's
 * training time bounded on a CPU, where a wide layer at full resolution costs hours.
 */
public final class TrainingEstimator<G extends Genome> implements PerformanceEstimator<G> {

    /** The metric this estimator reports as validation accuracy, and the one curve stopping watches. */
    public static final String ACCURACY = "accuracy";

    private final SearchSpace<G> space;
    private final TaskHead head;
    private final TrainingBackend backend;
    private final Dataset train;
    private final Dataset validation;
    private final TrainingPlan plan;
    private final long maxParameters;
    private final long maxMacs;
    private final boolean measureLatency;
    private final double widthMultiplier;
    private final CurveStopping curveStopping;

    public TrainingEstimator(SearchSpace<G> space, TaskHead head, TrainingBackend backend, Dataset train,
                             Dataset validation, TrainingPlan plan, long maxParameters, boolean measureLatency) {
        this(space, head, backend, train, validation, plan, maxParameters, Long.MAX_VALUE, measureLatency);
    }

    public TrainingEstimator(SearchSpace<G> space, TaskHead head, TrainingBackend backend, Dataset train,
                             Dataset validation, TrainingPlan plan, long maxParameters, long maxMacs,
                             boolean measureLatency) {
        this(space, head, backend, train, validation, plan, maxParameters, maxMacs, measureLatency, 1.0, null);
    }

    private TrainingEstimator(SearchSpace<G> space, TaskHead head, TrainingBackend backend, Dataset train,
                              Dataset validation, TrainingPlan plan, long maxParameters, long maxMacs,
                              boolean measureLatency, double widthMultiplier, CurveStopping curveStopping) {
        this.space = Objects.requireNonNull(space, "space");
        this.head = Objects.requireNonNull(head, "head");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.train = Objects.requireNonNull(train, "train");
        this.validation = Objects.requireNonNull(validation, "validation");
        this.plan = Objects.requireNonNull(plan, "plan");
        if (maxParameters < 1) {
            throw new IllegalArgumentException("maxParameters must be positive, got " + maxParameters);
        }
        if (maxMacs < 1) {
            throw new IllegalArgumentException("maxMacs must be positive, got " + maxMacs);
        }
        this.maxParameters = maxParameters;
        this.maxMacs = maxMacs;
        this.measureLatency = measureLatency;
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new IllegalArgumentException("the width multiplier must be positive, got " + widthMultiplier);
        }
        this.widthMultiplier = widthMultiplier;
        this.curveStopping = curveStopping;
    }

    /** This estimator training every candidate with its body's channels scaled by {@code multiplier}. */
    public TrainingEstimator<G> withWidthMultiplier(double multiplier) {
        return new TrainingEstimator<>(space, head, backend, train, validation, plan, maxParameters, maxMacs,
                measureLatency, multiplier, curveStopping);
    }

    /** This estimator stopping trials whose learning curve cannot beat their incumbent; null for never. */
    public TrainingEstimator<G> withCurveStopping(CurveStopping stopping) {
        return new TrainingEstimator<>(space, head, backend, train, validation, plan, maxParameters, maxMacs,
                measureLatency, widthMultiplier, stopping);
    }

    /** The width multiplier candidates train at (1 for full width). */
    public double widthMultiplier() {
        return widthMultiplier;
    }

    /** The plan every candidate trains with, before its epochs and seed are set. */
    public TrainingPlan plan() {
        return plan;
    }

    /** The epochs a fidelity asks for: the plan's at full fidelity, else the resource rounded, at least 1. */
    public int epochs(io.nas4j.core.trial.Fidelity fidelity) {
        return fidelity.isFull() ? plan.epochs() : Math.max(1, (int) Math.round(fidelity.resource()));
    }

    /** The plan a genome trains with at a number of epochs: the seed combined with the genome's key. */
    public TrainingPlan planFor(G genome, int epochs) {
        long seed = plan.seed() * 0x9E3779B97F4A7C15L + space.key(genome).hashCode();
        return plan.withEpochs(epochs).withSeed(seed);
    }

    @Override
    public TrialResult estimate(Trial<G> trial) {
        NetworkSpec spec = space.decode(trial.genome(), head);
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        Optional<TrialResult> beyond = SizeLimits.failure(analysis, maxParameters, maxMacs);
        if (beyond.isPresent()) {
            return beyond.get();
        }
        NetworkSpec trained = spec;
        if (widthMultiplier != 1.0) {
            trained = WidthScaling.decode(space, trial.genome(), head, widthMultiplier);
            NetworkAnalysis scaled = NetworkAnalysis.of(trained);
            if (!scaled.valid()) {
                return TrialResult.failed("invalid network at width " + widthMultiplier + ": "
                        + scaled.invalidReason().orElse("unknown reason"));
            }
        }
        int epochs = epochs(trial.fidelity());
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Double> curve;
        CurveStopping.Monitor stopping = curveStopping == null ? null : trial.incumbent()
                .filter(incumbent -> incumbent.metric().equals(ACCURACY))
                .map(incumbent -> curveStopping.monitor(incumbent, epochs))
                .orElse(null);
        String reason = "";
        try (TrainingBackend.Model model = backend.compile(trained)) {
            TrainingBackend.TrainingReport report = backend.train(model, train, validation,
                    planFor(trial.genome(), epochs), stopping == null ? TrainingBackend.EpochMonitor.none() : stopping);
            curve = report.validationAccuracy();
            metrics.put(ACCURACY, curve.get(curve.size() - 1));
            if (curveStopping != null) {
                Optional<CurveStopping.Decision> decision = stopping == null ? Optional.empty() : stopping.decision();
                metrics.put("stopped_early", decision.isPresent() ? 1.0 : 0.0);
                if (decision.isPresent()) {
                    metrics.put("predicted_accuracy", decision.get().predictedMean());
                    reason = decision.get().reason();
                }
            }
            if (widthMultiplier != 1.0) {
                metrics.put("trained_params", (double) model.parameterCount());
            }
            metrics.put("train_seconds", report.seconds());
            metrics.put("ms_per_step", report.msPerStep());
            if (measureLatency) {
                metrics.put("latency_ms", backend.measureLatency(model, 10, 50).medianMs());
            }
        } catch (TrainingBackend.TrainingDivergedException e) {
            return TrialResult.failed("training diverged: " + e.getMessage());
        }
        metrics.put("params", (double) analysis.parameters());
        metrics.put("flops", (double) analysis.macs());
        metrics.put("activation_mb", analysis.activationBytes() / 1e6);
        return new TrialResult(TrialState.COMPLETE, metrics, curve.size(), reason, curve);
    }
}
