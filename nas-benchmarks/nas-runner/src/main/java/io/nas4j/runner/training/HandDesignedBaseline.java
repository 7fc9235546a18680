package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.classification.HandDesignedCnns;
import io.nas4j.tasks.detection.HandDesignedDetector;
import io.nas4j.tasks.volumetric.HandDesignedCnn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hand-designed network a search is compared with, trained with the search's whole budget: as much
 * wall time as the search took, its candidates and the final training of its best network included.
 *
 * <p>The baseline trains from scratch on training and validation data together (with the task's
 * augmentation), with the search's batch size, optimiser, learning rate and cosine schedule, for as many
 * epochs as fit in that time: a probe of a few steps measures its epoch, the schedule is planned over the
 * epochs that fit (at most {@value #MAX_EPOCHS}), and training stops before an epoch that would pass the
 * deadline, as the final training of a time-limited search does ({@link FinalTrainingBudget}). Then it is
 * tested once on the test part. "The searched network beats the hand-designed one" then means: in the same
 * time on the same machine.
 *
 * <p>The baselines: {@code lenet}, {@code resnet8} and {@code resnet20} for images
 * ({@link HandDesignedCnns}), {@value #CNN3D} for volumes ({@link HandDesignedCnn}) and
 * {@value HandDesignedDetector#NAME} for detection ({@link HandDesignedDetector}, trained by
 * {@link DetectionBaseline}).
 */
public final class HandDesignedBaseline {

    /** No baseline. */
    public static final String NONE = "none";

    /** The hand-designed 3D CNN of the volumetric task. */
    public static final String CNN3D = "cnn3d";

    /** The most epochs a baseline plans, however many would fit. */
    public static final int MAX_EPOCHS = TrainingSearchDefaults.TIME_FILLING_FINAL_EPOCHS;

    /**
     * What the baseline reached.
     *
     * @param name          its name ({@link TrainingSearchSpec#baseline()})
     * @param network       what the network is, in words
     * @param parameters    trainable parameters
     * @param macs          multiply-adds per example
     * @param epochs        epochs trained
     * @param trainSeconds  the training's wall time, the probe included
     * @param budgetSeconds the wall time it was given: the search's
     * @param test          its test metrics
     */
    public record Result(String name, String network, long parameters, long macs, int epochs, double trainSeconds,
                         double budgetSeconds, ClassificationMetrics test) {
    }

    private HandDesignedBaseline() {
    }

    /** The baselines of a task ({@code none} first); {@code dataset} tells volume sets apart. */
    public static List<String> names(String task, String dataset) {
        List<String> names = new ArrayList<>(List.of(NONE));
        if (DetectionSearch.TASK.equals(task)) {
            names.add(HandDesignedDetector.NAME);
        } else if (volumetric(task, dataset)) {
            names.add(CNN3D);
        } else {
            names.addAll(HandDesignedCnns.NAMES);
        }
        return List.copyOf(names);
    }

    /** The volumetric task trains its 3D CNN unless told otherwise; other tasks train no baseline by default. */
    public static String defaultFor(String task, String dataset) {
        return volumetric(task, dataset) ? CNN3D : NONE;
    }

    /**
     * {@code value}, or the task's default when null.
     *
     * @throws UserInputException naming {@code baseline} when the task has no such baseline
     */
    static String check(String value, String task, String dataset) {
        if (value == null) {
            return defaultFor(task, dataset);
        }
        List<String> allowed = names(task, dataset);
        if (!allowed.contains(value)) {
            throw UserInputException.of("baseline", "{baseline} {} is unknown for a {} search; allowed: {}", value,
                    volumetric(task, dataset) ? VolumetricData.TASK : task, String.join(", ", allowed));
        }
        return value;
    }

    /** True when the spec names a baseline. */
    public static boolean appliesTo(TrainingSearchSpec spec) {
        return !NONE.equals(spec.baseline());
    }

    /**
     * Trains and tests the spec's baseline of a classification or volumetric search with the backend
     * {@code search} has under the spec's name, in {@code budget} of wall time.
     *
     * @throws IllegalArgumentException when the spec names no baseline, or a detection one
     */
    public static Result train(TrainingSearch search, TrainingSearchSpec spec, Duration budget) {
        return train(search, spec, budget, EpochProgress.none());
    }

    /** As {@link #train(TrainingSearch, TrainingSearchSpec, Duration)}, telling {@code progress} about each epoch. */
    public static Result train(TrainingSearch search, TrainingSearchSpec spec, Duration budget, EpochProgress progress) {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(spec, "spec");
        if (!appliesTo(spec) || DetectionSearch.TASK.equals(spec.task())) {
            throw new IllegalArgumentException("baseline must name an image or volume classifier, got " + spec.baseline());
        }
        TrainingSearch.Job<?> job = search.job(spec);
        return train(job.backend(), job.task(), spec.baseline(), TrainingSearch.plan(spec, MAX_EPOCHS), budget,
                progress);
    }

    /**
     * Trains and tests the baseline {@code name} ({@code lenet}, {@code resnet8}, {@code resnet20} or
     * {@value #CNN3D}) on {@code task} with {@code backend}, with {@code plan}'s batch size, optimiser, rate and
     * schedule (its epochs and seed are the baseline's own), in {@code budget} of wall time.
     */
    public static Result train(TrainingBackend backend, ClassificationTask task, String name, TrainingPlan plan,
                               Duration budget) {
        return train(backend, task, name, plan, budget, EpochProgress.none());
    }

    /**
     * As {@link #train(TrainingBackend, ClassificationTask, String, TrainingPlan, Duration)}, telling
     * {@code progress} about each epoch (with the epochs planned in all, as re-planned to fill the budget).
     */
    public static Result train(TrainingBackend backend, ClassificationTask task, String name, TrainingPlan plan,
                               Duration budget, EpochProgress progress) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(budget, "budget");
        NetworkSpec network = name.equals(CNN3D)
                ? HandDesignedCnn.network(task.head())
                : HandDesignedCnns.network(name, task.head());
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        EqualTimeTraining.Trained<ClassificationMetrics> trained = EqualTimeTraining.train(backend, network,
                FinalTraining.trainingAndValidation(task), seeded(plan.withDataFraction(1.0), name), budget,
                (engine, model) -> ClassificationMetrics.ofConfusion(engine.evaluate(model, task.test()).confusion()),
                progress);
        return new Result(name, describe(name), analysis.parameters(), analysis.macs(), trained.epochs(),
                trained.seconds(), budget.toMillis() / 1000.0, trained.test());
    }

    /** The baseline in words. */
    public static String describe(String name) {
        return switch (name) {
            case CNN3D -> HandDesignedCnn.NAME;
            case HandDesignedDetector.NAME -> HandDesignedDetector.describe();
            default -> HandDesignedCnns.describe(name);
        };
    }

    /** The search's seed mixed with the baseline's name, so the baseline's initialisation is its own. */
    static TrainingPlan seeded(TrainingPlan plan, String name) {
        return plan.withSeed(plan.seed() * 0x9E3779B97F4A7C15L + name.hashCode());
    }

    private static boolean volumetric(String task, String dataset) {
        return VolumetricData.TASK.equals(task) || VolumetricData.NAMES.contains(dataset);
    }
}
