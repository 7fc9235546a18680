package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.executor.process.WorkerPoolExecutor;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.DetectorSpace;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.tasks.data.Normalization;
import io.nas4j.tasks.detection.DetectionDataset;
import io.nas4j.tasks.detection.DetectionEstimator;
import io.nas4j.tasks.detection.DetectionTask;
import io.nas4j.tasks.detection.MeanAveragePrecision;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A search for a detector: the detection task's data, the detector space (or the chain space finished by a
 * one-level detector head), a strategy maximising validation mAP at IoU 0.5 ({@link DetectionEstimator}),
 * trials in this JVM or in worker processes. The best detector is then trained again from scratch on
 * training and validation images and scored once on the test images ({@link DetectionFinalTraining}, in a
 * worker process of its own when the search has workers); that model is saved for export. With several
 * objectives ({@link TrainingObjectives}: {@code accuracy} is mAP@0.5 here) the chosen members of the Pareto
 * front are trained and scored the same way ({@link FrontMember}).
 * The spec is a {@link TrainingSearchSpec} whose task is {@value #TASK}.
 */
public final class DetectionSearch {

    public static final String TASK = "detection";
    public static final List<String> SPACES = List.of(DetectorSpace.NAME, "chain");


    private final Map<String, TrainingBackend> backends;
    private final Strategies strategies;
    private final RetryPolicy retryPolicy;

    public DetectionSearch(Map<String, TrainingBackend> backends, Strategies strategies) {
        this(backends, strategies, RetryPolicy.none());
    }

    private DetectionSearch(Map<String, TrainingBackend> backends, Strategies strategies, RetryPolicy retryPolicy) {
        this.backends = Map.copyOf(backends);
        this.strategies = Objects.requireNonNull(strategies, "strategies");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    /** This search with trials whose worker died run again as {@code policy} says (never, by default). */
    public DetectionSearch withRetryPolicy(RetryPolicy policy) {
        return new DetectionSearch(backends, strategies, policy);
    }

    /**
     * What a detection search produced.
     *
     * @param test           the final detector's mAP on the test images; null when no trial completed
     * @param classNames     the class of each index
     * @param finalEpochs    the epochs the final training planned
     * @param finalEpochsTrained the epochs it trained
     * @param front          with several objectives, every member of the Pareto front in trial order, those chosen
     *                       ({@link FrontSelection}) trained again and scored on the test images; empty with one
     */
    public record Outcome(SearchResult<?> search, String bestGenome, NetworkAnalysis bestNetwork,
                          MeanAveragePrecision.Result test, int testImages, List<String> classNames,
                          double finalTrainSeconds, Path model, int finalEpochs, int finalEpochsTrained,
                          Normalization normalization, List<FrontMember<MeanAveragePrecision.Result>> front) {

        public Outcome {
            front = List.copyOf(front);
        }

        /** The outcome of a search with one objective: no front. */
        public Outcome(SearchResult<?> search, String bestGenome, NetworkAnalysis bestNetwork,
                       MeanAveragePrecision.Result test, int testImages, List<String> classNames,
                       double finalTrainSeconds, Path model, int finalEpochs, int finalEpochsTrained,
                       Normalization normalization) {
            this(search, bestGenome, bestNetwork, test, testImages, classNames, finalTrainSeconds, model, finalEpochs,
                    finalEpochsTrained, normalization, List.of());
        }
    }

    /** A resolved detection search: the spec, its task and space, the backend and the estimator. */
    public record Job<G extends Genome>(TrainingSearchSpec spec, DetectionTask task, SearchSpace<G> space,
                                        TrainingBackend backend, DetectionEstimator<G> estimator) {

        /**
         * What trials run: the estimator, behind the memory limit (reporting {@code memory_mb}) when the spec sets
         * one or minimises memory.
         */
        public PerformanceEstimator<G> searchEstimator() {
            return TrainingSearch.memoryLimited(estimator, spec, space, task.head(), TrainingSearch.plan(spec, spec.epochs()));
        }
    }

    /** The space, task and estimator a spec describes; what each worker process builds too. */
    public Job<?> job(TrainingSearchSpec spec) {
        TrainingBackend backend = backends.get(spec.backend());
        if (backend == null) {
            throw UserInputException.of("backend", "{backend} {} is not installed; available: {}", spec.backend(),
                    String.join(", ", new java.util.TreeSet<>(backends.keySet())));
        }
        backend = backend.on(spec.computeDevice());
        DetectionTask task = DetectionData.load(spec.dataset(), spec.dataDir(), spec.seed());
        SearchSpace<?> space = switch (spec.space()) {
            case DetectorSpace.NAME -> DetectorSpace.forInput(task.head().input());
            case "chain" -> ChainSpace.forInput(task.head().input());
            default -> throw UserInputException.of("space", "{space} {} is unknown for {task} detection; allowed: {}",
                    spec.space(), String.join(", ", SPACES));
        };
        return job(spec, task, space, backend);
    }

    private static <G extends Genome> Job<G> job(TrainingSearchSpec spec, DetectionTask task, SearchSpace<G> space,
                                                 TrainingBackend backend) {
        DetectionEstimator<G> estimator = new DetectionEstimator<>(space, task, backend,
                TrainingSearch.plan(spec, spec.epochs()).withDataFraction(spec.dataFraction()), spec.maxParams(),
                spec.maxMacs() == 0 ? Long.MAX_VALUE : spec.maxMacs());
        return new Job<>(spec, task, space, backend, estimator);
    }

    /** Trials in this JVM when the spec asks for no workers, else in worker processes. */
    public static TrialExecutor executor(Job<?> job) {
        TrainingSearchSpec spec = job.spec();
        if (spec.workers() == 0) {
            return InProcessExecutor.sequential();
        }
        return new WorkerPoolExecutor(WorkerPoolExecutor.Settings.of(job.space(),
                TrialRecipe.of(DetectionJobFactory.class, TrainingJobFactory.configuration(spec)), spec.workers())
                .withJvmOptions(List.of("-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error")));
    }

    /** Runs the search described by {@code spec}, writing the final model to {@code output/model}. */
    public Outcome run(TrainingSearchSpec spec, TrialStore store, SearchListener listener, Path output) {
        return run(job(spec), store, listener, output);
    }

    /** Runs a job built by {@link #job} (which has read and checked the data), its trials where {@link #executor} says. */
    public <G extends Genome> Outcome run(Job<G> job, TrialStore store, SearchListener listener, Path output) {
        return run(job, DetectionSearch::executor, store, listener, output);
    }

    /**
     * Runs a job built by {@link #job} (which has read and checked the data), its trials on the executor
     * {@code executors} makes for it (a remote one builds {@link DetectionJobFactory}'s recipe).
     */
    public <G extends Genome> Outcome run(Job<G> job, Function<Job<?>, TrialExecutor> executors, TrialStore store,
                                          SearchListener listener, Path output) {
        TrainingSearchSpec spec = job.spec();
        Instant started = Instant.now();
        List<Objective> objectives = TrainingObjectives.of(spec);
        SearchStrategy<G> strategy = TrainingSearch.strategy(strategies, spec, job.space(), objectives, spec.settings());
        SearchResult<G> result;
        try (TrialExecutor executor = executors.apply(job)) {
            result = TrainingSearch.plan(spec, objectives).withStore(store).withRetryPolicy(retryPolicy)
                    .withListener(listener).search(job.space(), strategy, job.searchEstimator(), executor).run();
        }
        DetectionTask task = job.task();
        if (result.best().isEmpty()) {
            return new Outcome(result, null, null, null, 0, task.train().classNames(), 0, null, 0, 0, task.normalization());
        }
        G best = result.best().get().genome();
        NetworkSpec network = job.space().decode(best, task.head());
        DetectionDataset trainAndValidation = task.trainAndValidation();
        Instant deadline = spec.timeLimitSeconds() > 0 ? started.plusSeconds(spec.timeLimitSeconds()) : null;
        List<FrontSelection.Choice> chosen = TrainingSearch.chosen(spec, result);
        String bestKey = result.best().get().trial().key();
        int others = (int) chosen.stream().filter(choice -> !choice.trial().key().equals(bestKey)).count();
        Instant bestDeadline = TrainingSearch.share(deadline, 1 + others);
        int epochs = bestDeadline == null ? spec.finalEpochs() : finalEpochs(spec, result.best().get().trial(),
                task.train().size(), trainAndValidation.size(), Duration.between(Instant.now(), bestDeadline));
        Path model = output.resolve("model");
        DetectionFinalTraining.Result trained = DetectionFinalTraining.run(job, best, epochs, model, bestDeadline);
        List<FrontMember<MeanAveragePrecision.Result>> front = new ArrayList<>();
        int left = others;
        for (TrialRecord member : spec.multiObjective() ? TrainingSearch.byId(result.pareto()) : List.<TrialRecord>of()) {
            List<String> reasons = TrainingSearch.reasons(chosen, member);
            G genome = job.space().parse(member.genome());
            NetworkAnalysis analysis = NetworkAnalysis.of(job.space().decode(genome, task.head()));
            if (reasons.isEmpty()) {
                front.add(FrontMember.untrained(member, member.genome(), analysis));
            } else if (member.key().equals(bestKey)) {
                front.add(new FrontMember<>(member, member.genome(), analysis, reasons, trained.test(), model, epochs,
                        trained.epochsTrained(), trained.seconds()));
            } else {
                Instant memberDeadline = TrainingSearch.share(deadline, left--);
                int memberEpochs = memberDeadline == null ? spec.finalEpochs() : finalEpochs(spec, member,
                        task.train().size(), trainAndValidation.size(), Duration.between(Instant.now(), memberDeadline));
                Path memberModel = FrontMember.folder(output, member.id()).resolve("model");
                DetectionFinalTraining.Result again = DetectionFinalTraining.run(job, genome, memberEpochs, memberModel,
                        memberDeadline);
                front.add(new FrontMember<>(member, member.genome(), analysis, reasons, again.test(), memberModel,
                        memberEpochs, again.epochsTrained(), again.seconds()));
            }
        }
        return new Outcome(result, job.space().format(best), NetworkAnalysis.of(network), trained.test(), task.test().size(),
                task.train().classNames(), trained.seconds(), model, epochs, trained.epochsTrained(), task.normalization(),
                front);
    }

    /**
     * The final training's epochs under a time limit: the spec's, cut to what fits in the time left
     * ({@link FinalTrainingBudget}), estimated from the chosen candidate's seconds per image seen (the final
     * training runs in a worker process, where a probe in this JVM would not measure it). At least one.
     */
    static int finalEpochs(TrainingSearchSpec spec, TrialRecord best, int trainSize, int finalImages, Duration left) {
        Double seconds = best.metrics().get("train_seconds");
        Double epochs = best.metrics().get("epochs");
        if (seconds == null || epochs == null || seconds <= 0 || epochs <= 0) {
            return spec.finalEpochs();
        }
        double imagesSeen = epochs * Math.max(1.0, Math.ceil(trainSize * spec.dataFraction()));
        return FinalTrainingBudget.epochsThatFit(spec.finalEpochs(), seconds / imagesSeen * finalImages, left);
    }
}
