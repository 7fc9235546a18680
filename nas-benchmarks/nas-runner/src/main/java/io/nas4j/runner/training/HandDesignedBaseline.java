package io.nas4j.runner.training;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.volumetric.HandDesignedCnn;

import java.util.Objects;

/**
 * The hand-designed 3D CNN ({@link HandDesignedCnn}) trained the way a search trains its best architecture
 * at the end: from scratch on training and validation data together (with the task's augmentation), with
 * the same epochs as that final training ran, batch size, optimiser, learning rate and schedule, then tested
 * once on the test part. It is not itself bound by the search's time limit. Its test accuracy is what the searched architecture has to beat.
 */
public final class HandDesignedBaseline {

    /**
     * What the baseline reached.
     *
     * @param network      what the network is, in words
     * @param parameters   trainable parameters
     * @param macs         multiply-adds per example
     * @param epochs       epochs trained
     * @param trainSeconds the training's wall time
     * @param test         its test metrics
     */
    public record Result(String network, long parameters, long macs, int epochs, double trainSeconds,
                         ClassificationMetrics test) {
    }

    private HandDesignedBaseline() {
    }

    /** True for searches of the volumetric task, the ones with a hand-designed baseline. */
    public static boolean appliesTo(TrainingSearchSpec spec) {
        return VolumetricData.TASK.equals(spec.task()) || VolumetricData.NAMES.contains(spec.dataset());
    }

    /**
     * Trains and tests the baseline on the task {@code spec} describes, with the backend {@code search} has
     * under the spec's name, for {@code epochs} epochs: the epochs the searched architecture's final training
     * ran (a time limit may have cut them below {@code finalEpochs}).
     */
    public static Result train(TrainingSearch search, TrainingSearchSpec spec, int epochs) {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(spec, "spec");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        TrainingSearch.Job<?> job = search.job(spec);
        TrainingBackend backend = job.backend();
        ClassificationTask task = job.task();
        NetworkSpec network = HandDesignedCnn.network(task.head());
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        Dataset trainAndValidation = FinalTraining.trainingAndValidation(task);
        TrainingPlan plan = TrainingSearch.plan(spec, epochs).withDataFraction(1.0);
        plan = plan.withSeed(plan.seed() * 0x9E3779B97F4A7C15L + HandDesignedCnn.NAME.hashCode());
        try (TrainingBackend.Model model = backend.compile(network)) {
            TrainingBackend.TrainingReport report = backend.train(model, trainAndValidation, null, plan,
                    TrainingBackend.EpochMonitor.none());
            ClassificationMetrics test = ClassificationMetrics.ofConfusion(backend.evaluate(model, task.test()).confusion());
            return new Result(HandDesignedCnn.NAME, analysis.parameters(), analysis.macs(), report.trainLoss().size(),
                    report.seconds(), test);
        }
    }
}
