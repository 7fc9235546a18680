package io.nas4j.runner.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.estimate.TrainingEstimator;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Augmentations;
import io.nas4j.tasks.data.Datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The final training of a classification search: the chosen architecture trained from scratch on training
 * and validation data together, at full fidelity, within what {@link FinalTrainingBudget} allows, tested
 * once, and saved with its input standardisation. One implementation for the command line's searches and
 * the library's {@code ArchitectureSearch}.
 *
 * @param <G> the genome type
 */
public final class FinalTraining<G extends Genome> {

    /** The file in the model folder holding the per-channel input statistics ({@code mean}, {@code std}). */
    public static final String NORMALIZATION_FILE = "normalization.json";

    /** The store attribute that records a finished final training, so that a search run again reuses it. */
    public static final String STORE_ATTRIBUTE = "runner.finalTraining";

    /** Training steps the probe before a time-limited final training times (after its warm-up steps). */
    static final int PROBE_STEPS = 30;

    /** Training steps the probe runs first and does not time: the first steps allocate and compile kernels. */
    static final int PROBE_WARMUP_STEPS = 5;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final SearchSpace<G> space;
    private final ClassificationTask task;
    private final TrainingBackend backend;
    private final TrainingEstimator<G> estimator;

    private FinalTraining(SearchSpace<G> space, ClassificationTask task, TrainingBackend backend, TrainingEstimator<G> estimator) {
        this.space = Objects.requireNonNull(space, "space");
        this.task = Objects.requireNonNull(task, "task");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    /** The final training of architectures of {@code space} on {@code task}, planned as {@code estimator} plans candidates. */
    public static <G extends Genome> FinalTraining<G> of(SearchSpace<G> space, ClassificationTask task, TrainingBackend backend,
                                                         TrainingEstimator<G> estimator) {
        return new FinalTraining<>(space, task, backend, estimator);
    }

    /**
     * What the final training produced.
     *
     * @param genome        the architecture trained
     * @param architecture  its text form
     * @param network       its network's size
     * @param test          metrics on the test split
     * @param seconds       training time
     * @param model         the folder the model was saved in
     * @param epochs        the epochs first planned: as asked, or fewer when a deadline left less room
     * @param epochsTrained the epochs trained; with a deadline, re-planned after each epoch from the epochs timed
     *                      (never more than asked for), so more or fewer than first planned
     * @param reused        whether an earlier run's final training of the same architecture was read back
     */
    public record Result<G extends Genome>(G genome, String architecture, NetworkAnalysis network,
                                           ClassificationMetrics test, double seconds, Path model, int epochs,
                                           int epochsTrained, boolean reused) {
    }

    /** What {@link #STORE_ATTRIBUTE} holds. */
    record Stored(String architecture, int[][] confusion, double seconds, String model, int epochs, int epochsTrained) {
    }

    /**
     * The final training of the search's best architecture, or, when {@code store} records a final training
     * of that same architecture whose model folder still exists, that one read back. Empty when no trial
     * completed.
     */
    public Optional<Result<G>> trainOrReuse(SearchResult<G> result, int epochs, Instant deadline, TrialStore store,
                                            List<SearchListener> listeners, Path output) {
        if (result.best().isEmpty()) {
            return Optional.empty();
        }
        G best = result.best().get().genome();
        String architecture = space.format(best);
        Optional<Stored> stored = store.attribute(STORE_ATTRIBUTE).map(FinalTraining::read)
                .filter(earlier -> earlier.architecture().equals(architecture) && Files.isDirectory(Path.of(earlier.model())));
        if (stored.isPresent()) {
            Stored earlier = stored.get();
            return Optional.of(new Result<>(best, architecture, NetworkAnalysis.of(space.decode(best, task.head())),
                    ClassificationMetrics.ofConfusion(earlier.confusion()), earlier.seconds(), Path.of(earlier.model()),
                    earlier.epochs(), earlier.epochsTrained(), true));
        }
        SearchListener listener = listeners.stream().filter(TrainingSearch.FinalTrainingListener.class::isInstance)
                .findFirst().orElse(new SearchListener() { });
        Result<G> trained = train(best, epochs, deadline, listener, output);
        store.putAttribute(STORE_ATTRIBUTE, write(new Stored(architecture, trained.test().confusion(), trained.seconds(),
                trained.model().toAbsolutePath().toString(), trained.epochs(), trained.epochsTrained())));
        return Optional.of(trained);
    }

    /**
     * Trains {@code best} for {@code epochs} (cut to what fits before {@code deadline}, when there is one) on
     * training and validation data, tests it and saves it to {@code output/model}.
     */
    public Result<G> train(G best, int epochs, Instant deadline, SearchListener listener, Path output) {
        NetworkSpec network = space.decode(best, task.head());
        Dataset trainAndValidation = trainingAndValidation(task);
        TrainingPlan finalPlan = estimator.planFor(best, epochs).withDataFraction(1.0);
        int planned = epochs;
        if (deadline != null) {
            double epochSeconds = probeEpochSeconds(backend, network, trainAndValidation, finalPlan);
            planned = FinalTrainingBudget.epochsThatFit(epochs, epochSeconds, Duration.between(Instant.now(), deadline));
        }
        Path model = output.resolve("model");
        int epochsToTrain = planned;
        Trained trained = DivergenceRetry.train(finalPlan.withEpochs(planned), plan -> trainAndTest(backend, network,
                task, trainAndValidation, plan, reporting(FinalTrainingBudget.fill(deadline, epochs), listener,
                        epochsToTrain), model));
        return new Result<>(best, space.format(best), NetworkAnalysis.of(network), trained.test(), trained.seconds(), model,
                planned, trained.epochsTrained(), false);
    }

    /** A network trained, tested and saved by {@link #trainAndTest}. */
    record Trained(ClassificationMetrics test, double seconds, int epochsTrained) {
    }

    /**
     * Trains {@code network} from scratch on {@code data} (the task's training and validation data) with
     * {@code plan}, tests it once on {@code task}'s test part and saves it to {@code model} with the task's input
     * standardisation.
     */
    static Trained trainAndTest(TrainingBackend backend, NetworkSpec network, ClassificationTask task, Dataset data,
                                TrainingPlan plan, TrainingBackend.EpochMonitor monitor, Path model) {
        try (TrainingBackend.Model trained = backend.compile(network)) {
            TrainingBackend.TrainingReport report = backend.train(trained, data, null, plan, monitor);
            ClassificationMetrics test = ClassificationMetrics.ofConfusion(backend.evaluate(trained, task.test()).confusion());
            backend.save(trained, model);
            JSON.writeValue(model.resolve(NORMALIZATION_FILE).toFile(), task.normalization());
            return new Trained(test, report.seconds(), report.trainLoss().size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + model + ": " + e.getMessage(), e);
        }
    }

    /** The task's training and validation data together, with its augmentation: what a final training learns from. */
    static Dataset trainingAndValidation(ClassificationTask task) {
        return Augmentations.augmented(Datasets.concat(task.name() + "/train+validation", task.train(), task.validation()),
                task.augmentation());
    }

    /**
     * Seconds one epoch of the final training will take, measured rather than guessed: the network trains
     * for {@value #PROBE_WARMUP_STEPS} untimed steps and then {@value #PROBE_STEPS} timed steps on a fresh
     * copy in this process, with the threads the final training will have (the candidates' own times ran one
     * thread per worker while other workers competed, and mislead by a factor of two or more), and the mean
     * step time is scaled to an epoch. Without the warm-up the first, slow steps made run 3 of the
     * Fashion-MNIST benchmark plan 4 epochs where 6 fitted.
     */
    public static double probeEpochSeconds(TrainingBackend backend, NetworkSpec network, Dataset data, TrainingPlan plan) {
        int steps = (int) Math.ceil((double) data.size() / plan.batchSize());
        try (TrainingBackend.Model probe = backend.compile(network)) {
            backend.train(probe, data, null, plan.withEpochs(1).withDataFraction(fraction(plan, data, PROBE_WARMUP_STEPS)),
                    TrainingBackend.EpochMonitor.none());
            TrainingBackend.TrainingReport report = backend.train(probe, data, null,
                    plan.withEpochs(1).withDataFraction(fraction(plan, data, PROBE_STEPS)), TrainingBackend.EpochMonitor.none());
            return report.msPerStep() / 1000.0 * steps;
        }
    }

    private static double fraction(TrainingPlan plan, Dataset data, int steps) {
        return Math.min(1.0, (double) plan.batchSize() * steps / data.size());
    }

    /** {@code monitor}, telling a {@link TrainingSearch.FinalTrainingListener} about each epoch first. */
    private static TrainingBackend.EpochMonitor reporting(TrainingBackend.EpochMonitor monitor, SearchListener listener,
                                                          int epochs) {
        if (!(listener instanceof TrainingSearch.FinalTrainingListener progress)) {
            return monitor;
        }
        progress.finalTrainingStarted(epochs);
        return EpochProgress.reporting(monitor, progress::finalEpochFinished, epochs);
    }

    private static Stored read(String json) {
        try {
            return JSON.readValue(json, Stored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the store's " + STORE_ATTRIBUTE + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Stored stored) {
        try {
            return JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the final training's record", e);
        }
    }
}
