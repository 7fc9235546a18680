package io.nas4j.runner.training;

import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * How a hand-designed baseline trains in a given wall time, the same for classifiers and detectors: a probe
 * times an epoch, the plan gets the epochs that fit (at most {@value HandDesignedBaseline#MAX_EPOCHS}),
 * training stops before an epoch that would pass the deadline ({@link FinalTrainingBudget}), a diverged run
 * trains again at half the rate ({@link DivergenceRetry}), and the trained model is scored before it is closed.
 */
final class EqualTimeTraining {

    /**
     * What the training gave.
     *
     * @param epochs  epochs trained
     * @param seconds wall time from the start, the probe included
     * @param test    what the scorer measured on the trained model
     */
    record Trained<T>(int epochs, double seconds, T test) {
    }

    private EqualTimeTraining() {
    }

    /**
     * Trains {@code network} on {@code data} with {@code plan} (its epochs replaced) in {@code budget}, telling
     * {@code progress} about each epoch, then scores it.
     */
    static <T> Trained<T> train(TrainingBackend backend, NetworkSpec network, Dataset data, TrainingPlan plan,
                                Duration budget, BiFunction<TrainingBackend, TrainingBackend.Model, T> scorer,
                                EpochProgress progress) {
        Instant start = Instant.now();
        Instant deadline = start.plus(budget);
        TrainingPlan planned = plan.withEpochs(HandDesignedBaseline.MAX_EPOCHS);
        double epochSeconds = FinalTraining.probeEpochSeconds(backend, network, data, planned);
        int epochs = FinalTrainingBudget.epochsThatFit(HandDesignedBaseline.MAX_EPOCHS, epochSeconds,
                Duration.between(Instant.now(), deadline));
        return DivergenceRetry.train(planned.withEpochs(epochs), attempt -> {
            try (TrainingBackend.Model model = backend.compile(network)) {
                TrainingBackend.TrainingReport report = backend.train(model, data, null, attempt, EpochProgress.reporting(
                        FinalTrainingBudget.fill(deadline, HandDesignedBaseline.MAX_EPOCHS), progress, attempt.epochs()));
                T test = scorer.apply(backend, model);
                return new Trained<>(report.trainLoss().size(), Duration.between(start, Instant.now()).toMillis() / 1000.0,
                        test);
            }
        });
    }
}
