package io.nas4j.tasks.detection;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Estimates a detector by training it: decode the genome with the task's {@link io.nas4j.core.network.DetectorHead},
 * check the network with the core's analysis (invalid, or over the parameter or multiply-add limit: failed
 * untrained), assign the training images' objects to its anchors ({@link AnchorMatcher}), train it on the
 * backend for the trial's fidelity in epochs, predict the validation images and score the decoded,
 * suppressed detections ({@link DetectionDecoder}) by mean average precision.
 *
 * <p>Metrics: {@code map50} (Pascal VOC mAP at IoU 0.5, the objective), {@code map} (COCO's mAP over IoU
 * 0.5:0.95), {@code coco50}, {@code train_loss} (the last epoch's), {@code params}, {@code flops}
 * (multiply-adds), {@code activation_mb}, {@code train_seconds}, {@code ms_per_step}, {@code epochs}. The
 * curve is empty (mAP is measured once, after training); the cost is the epochs trained. The training seed is the plan's combined with the
 * genome's canonical key, as in {@link io.nas4j.core.estimate.TrainingEstimator}.
 */
public final class DetectionEstimator<G extends Genome> implements PerformanceEstimator<G> {

    /** The objective of a detection search. */
    public static final Objective MAP50 = Objective.maximize("map50");

    private final SearchSpace<G> space;
    private final DetectionTask task;
    private final TrainingBackend backend;
    private final TrainingPlan plan;
    private final long maxParameters;
    private final long maxMacs;
    private final AnchorMatcher matcher;

    public DetectionEstimator(SearchSpace<G> space, DetectionTask task, TrainingBackend backend, TrainingPlan plan,
                              long maxParameters, long maxMacs) {
        this.space = Objects.requireNonNull(space, "space");
        this.task = Objects.requireNonNull(task, "task");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.plan = Objects.requireNonNull(plan, "plan");
        if (maxParameters < 1 || maxMacs < 1) {
            throw new IllegalArgumentException("the parameter and multiply-add limits must be positive");
        }
        this.maxParameters = maxParameters;
        this.maxMacs = maxMacs;
        this.matcher = AnchorMatcher.retinaNet();
    }

    public DetectionTask task() {
        return task;
    }

    /** The epochs a fidelity asks for: the plan's at full fidelity, else the resource rounded, at least 1. */
    public int epochs(Fidelity fidelity) {
        return fidelity.isFull() ? plan.epochs() : Math.max(1, (int) Math.round(fidelity.resource()));
    }

    /** The plan a genome trains with at a number of epochs: the seed combined with the genome's key. */
    public TrainingPlan planFor(G genome, int epochs) {
        long seed = plan.seed() * 0x9E3779B97F4A7C15L + space.key(genome).hashCode();
        return plan.withEpochs(epochs).withSeed(seed);
    }

    /** {@code data} with the dense targets of {@code spec}'s anchors: what the detector trains on. */
    public io.nas4j.core.port.Dataset trainingView(NetworkSpec spec, DetectionDataset data) {
        return data.withTargets(DetectionLayout.of(spec), matcher);
    }

    @Override
    public TrialResult estimate(Trial<G> trial) {
        NetworkSpec spec = space.decode(trial.genome(), task.head());
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        if (!analysis.valid()) {
            return TrialResult.failed("invalid network: " + analysis.invalidReason().orElse("unknown reason"));
        }
        if (analysis.parameters() > maxParameters) {
            return TrialResult.failed("network has " + analysis.parameters() + " parameters, more than the limit of "
                    + maxParameters);
        }
        if (analysis.macs() > maxMacs) {
            return TrialResult.failed("network has " + analysis.macs()
                    + " multiply-adds per example, more than the limit of " + maxMacs);
        }
        DetectionLayout layout = DetectionLayout.of(spec);
        Map<String, Double> metrics = new LinkedHashMap<>();
        int epochs;
        try (TrainingBackend.Model model = backend.compile(spec)) {
            TrainingBackend.TrainingReport report = backend.train(model, task.train().withTargets(layout, matcher), null,
                    planFor(trial.genome(), epochs(trial.fidelity())), TrainingBackend.EpochMonitor.none());
            List<Double> losses = report.trainLoss();
            epochs = losses.size();
            MeanAveragePrecision.Result result = evaluate(layout, backend.predict(model, task.validation()),
                    task.validation());
            metrics.put("map50", result.map50());
            metrics.put("map", result.map());
            metrics.put("coco50", result.coco50());
            metrics.put("train_loss", losses.get(epochs - 1));
            metrics.put("epochs", (double) epochs);
            metrics.put("train_seconds", report.seconds());
            metrics.put("ms_per_step", report.msPerStep());
        } catch (TrainingBackend.TrainingDivergedException e) {
            return TrialResult.failed("training diverged: " + e.getMessage());
        }
        metrics.put("params", (double) analysis.parameters());
        metrics.put("flops", (double) analysis.macs());
        metrics.put("activation_mb", analysis.activationBytes() / 1e6);
        return new TrialResult(TrialState.COMPLETE, metrics, epochs, "", List.of());
    }

    /** The mAP of a detector's raw output rows over {@code data}, decoded with {@link DetectionDecoder#of}. */
    public static MeanAveragePrecision.Result evaluate(DetectionLayout layout, float[][] rows, DetectionDataset data) {
        if (rows.length != data.size()) {
            throw new IllegalArgumentException(rows.length + " output rows for " + data.size() + " images");
        }
        DetectionDecoder decoder = DetectionDecoder.of(layout);
        List<List<Detection>> detections = new ArrayList<>();
        for (float[] row : rows) {
            detections.add(decoder.decode(row));
        }
        return MeanAveragePrecision.evaluate(data.objects(), detections, data.classes());
    }
}
