package io.nas4j.runner.training;

import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.tasks.detection.DetectionEstimator;
import io.nas4j.tasks.detection.DetectionTask;
import io.nas4j.tasks.detection.HandDesignedDetector;
import io.nas4j.tasks.detection.MeanAveragePrecision;

import java.time.Duration;
import java.time.Instant;
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
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(budget, "budget");
        Instant start = Instant.now();
        Instant deadline = start.plus(budget);
        DetectionTask task = job.task();
        TrainingBackend backend = job.backend();
        NetworkSpec network = HandDesignedDetector.network(task.head());
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        DetectionLayout layout = DetectionLayout.of(network);
        DetectionEstimator<?> estimator = job.estimator();
        Dataset data = estimator.trainingView(network, task.trainAndValidation());
        TrainingPlan plan = HandDesignedBaseline.seeded(TrainingSearch.plan(job.spec(), HandDesignedBaseline.MAX_EPOCHS)
                .withDataFraction(1.0), HandDesignedDetector.NAME);
        double epochSeconds = FinalTraining.probeEpochSeconds(backend, network, data, plan);
        int epochs = FinalTrainingBudget.epochsThatFit(HandDesignedBaseline.MAX_EPOCHS, epochSeconds,
                Duration.between(Instant.now(), deadline));
        Result result = DivergenceRetry.train(plan.withEpochs(epochs), attempt -> {
            try (TrainingBackend.Model model = backend.compile(network)) {
                TrainingBackend.TrainingReport report = backend.train(model, data, null, attempt,
                        FinalTrainingBudget.stopBefore(deadline));
                MeanAveragePrecision.Result test = DetectionEstimator.evaluate(layout, backend.predict(model, task.test()),
                        task.test());
                return new Result(HandDesignedDetector.NAME, HandDesignedDetector.describe(), analysis.parameters(),
                        analysis.macs(), report.trainLoss().size(), 0, budget.toMillis() / 1000.0, test);
            }
        });
        return new Result(result.name(), result.network(), result.parameters(), result.macs(), result.epochs(),
                Duration.between(start, Instant.now()).toMillis() / 1000.0, result.budgetSeconds(), result.test());
    }
}
