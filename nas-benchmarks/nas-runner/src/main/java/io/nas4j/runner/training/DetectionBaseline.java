package io.nas4j.runner.training;

import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.tasks.detection.DetectionEstimator;
import io.nas4j.tasks.detection.DetectionTask;
import io.nas4j.tasks.detection.HandDesignedDetector;
import io.nas4j.tasks.detection.MeanAveragePrecision;

import java.time.Duration;
import java.util.Objects;

/**
 * The hand-designed single-stage detector ({@link HandDesignedDetector}) trained with a detection search's
 * whole budget, as {@link HandDesignedBaseline} trains the classifiers: on training and validation images,
 * with the search's plan, for the epochs that fit in the search's wall time, then tested once.
 */
public final class DetectionBaseline {

    /**
     * What the baseline detector reached.
     *
     * @param name          {@value HandDesignedDetector#NAME}
     * @param network       what the network is, in words
     * @param parameters    trainable parameters
     * @param macs          multiply-adds per image
     * @param epochs        epochs trained
     * @param trainSeconds  the training's wall time, the probe included
     * @param budgetSeconds the wall time it was given: the search's
     * @param test          its test mAP
     */
    public record Result(String name, String network, long parameters, long macs, int epochs, double trainSeconds,
                         double budgetSeconds, MeanAveragePrecision.Result test) {
    }

    private DetectionBaseline() {
    }

    /** Trains and tests the baseline detector of the search {@code job} runs, in {@code budget} of wall time. */
    public static Result train(DetectionSearch.Job<?> job, Duration budget) {
        return train(job, budget, EpochProgress.none());
    }

    /** As {@link #train(DetectionSearch.Job, Duration)}, telling {@code progress} about each epoch. */
    public static Result train(DetectionSearch.Job<?> job, Duration budget, EpochProgress progress) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(budget, "budget");
        DetectionTask task = job.task();
        NetworkSpec network = HandDesignedDetector.network(task.head());
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        DetectionLayout layout = DetectionLayout.of(network);
        EqualTimeTraining.Trained<MeanAveragePrecision.Result> trained = EqualTimeTraining.train(job.backend(), network,
                job.estimator().trainingView(network, task.trainAndValidation()),
                HandDesignedBaseline.seeded(TrainingSearch.plan(job.spec(), HandDesignedBaseline.MAX_EPOCHS)
                        .withDataFraction(1.0), HandDesignedDetector.NAME), budget,
                (engine, model) -> DetectionEstimator.evaluate(layout, engine.predict(model, task.test()), task.test()),
                progress);
        return new Result(HandDesignedDetector.NAME, HandDesignedDetector.describe(), analysis.parameters(),
                analysis.macs(), trained.epochs(), trained.seconds(), budget.toMillis() / 1000.0, trained.test());
    }
}
