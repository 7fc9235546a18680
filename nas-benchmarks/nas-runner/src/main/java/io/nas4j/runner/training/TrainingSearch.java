package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.estimate.LatencyConstrainedEstimator;
import io.nas4j.core.estimate.MemoryConstrainedEstimator;
import io.nas4j.core.estimate.CurveStopping;
import io.nas4j.core.estimate.TrainingEstimator;
import io.nas4j.core.estimate.ZeroCostEstimator;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Normalization;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A search that trains its candidates on a classification task: the task's data, a space sized for its
 * input (or the spec's space file), a strategy, a {@link TrainingEstimator} on a training backend, trials run in this JVM or in
 * worker processes. When the budget is spent, the best architecture is trained again from scratch at
 * full fidelity on training and validation data together and evaluated once on the test split; that
 * model is saved for export. With several objectives ({@link TrainingObjectives}) the search keeps a Pareto
 * front, and up to {@link TrainingSearchSpec#finalFront()} of its members ({@link FrontSelection}) are trained
 * and tested the same way, each saved in {@link FrontMember#folder} (the best by accuracy in {@code output/model}),
 * sharing what a time limit leaves equally.
 */
public final class TrainingSearch {

    /** The primary objective: validation accuracy after training. */
    public static final Objective ACCURACY = Objective.maximize("accuracy");

    private final Map<String, TrainingBackend> backends;
    private final Map<String, ProxyScorer> proxyScorers;
    private final Strategies strategies;
    private final RetryPolicy retryPolicy;

    /** A search whose candidates always train (no zero-cost proxy scorer installed). */
    public TrainingSearch(Map<String, TrainingBackend> backends, Strategies strategies) {
        this(backends, Map.of(), strategies);
    }

    /**
     * @param proxyScorers zero-cost proxy scorers by backend name, for specs that score candidates by a
     *                     {@link TrainingSearchSpec#proxy() proxy} instead of training them
     */
    public TrainingSearch(Map<String, TrainingBackend> backends, Map<String, ProxyScorer> proxyScorers,
                          Strategies strategies) {
        this(backends, proxyScorers, strategies, RetryPolicy.none());
    }

    private TrainingSearch(Map<String, TrainingBackend> backends, Map<String, ProxyScorer> proxyScorers,
                           Strategies strategies, RetryPolicy retryPolicy) {
        this.backends = Map.copyOf(backends);
        this.proxyScorers = Map.copyOf(proxyScorers);
        this.strategies = Objects.requireNonNull(strategies, "strategies");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    /** This search with trials whose worker died run again as {@code policy} says (never, by default). */
    public TrainingSearch withRetryPolicy(RetryPolicy policy) {
        return new TrainingSearch(backends, proxyScorers, strategies, policy);
    }

    /** The objective a spec's search maximises: validation {@link #ACCURACY}, or its proxy's score. */
    public static Objective objective(TrainingSearchSpec spec) {
        return spec.scoredByProxy() ? Objective.maximize(spec.proxy()) : ACCURACY;
    }

    /** Every objective of a spec's search, the primary ({@link #objective}) first ({@link TrainingObjectives}). */
    public static List<Objective> objectives(TrainingSearchSpec spec) {
        return TrainingObjectives.of(spec);
    }

    /** The backends by name. */
    public Map<String, TrainingBackend> backends() {
        return backends;
    }

    /**
     * What a training search produced.
     *
     * @param finalEpochs the epochs the final training planned: the spec's, or fewer when a time limit
     *                    left less room (see {@link #finalEpochs})
     * @param finalEpochsTrained the epochs it trained; with a time limit, re-planned after each epoch to fill the
     *                           time left, so more or fewer than first planned
     * @param normalization the standardisation the model's inputs need, also saved as
     *                      {@value #NORMALIZATION_FILE} next to the model
     * @param front         with several objectives, every member of the Pareto front in trial order, those chosen
     *                      ({@link FrontSelection}) trained again and tested; empty with one objective
     */
    public record Outcome(SearchResult<?> search, String bestGenome, NetworkAnalysis bestNetwork,
                          ClassificationMetrics test, double finalTrainSeconds, Path model, int finalEpochs,
                          int finalEpochsTrained, Normalization normalization,
                          List<FrontMember<ClassificationMetrics>> front) {

        public Outcome {
            front = List.copyOf(front);
        }

        /** The outcome of a search with one objective: no front. */
        public Outcome(SearchResult<?> search, String bestGenome, NetworkAnalysis bestNetwork, ClassificationMetrics test,
                       double finalTrainSeconds, Path model, int finalEpochs, int finalEpochsTrained,
                       Normalization normalization) {
            this(search, bestGenome, bestNetwork, test, finalTrainSeconds, model, finalEpochs, finalEpochsTrained,
                    normalization, List.of());
        }
    }

    /** The file in the model folder holding the per-channel input statistics ({@code mean}, {@code std}). */
    public static final String NORMALIZATION_FILE = FinalTraining.NORMALIZATION_FILE;

    /**
     * Runs the search described by {@code spec}, writing the final model to {@code output/model}.
     *
     * @param executors makes the trial executor for the job (in this JVM or in worker processes)
     * @param store     where trials are kept
     * @param listener  progress
     */
    public Outcome run(TrainingSearchSpec spec, Function<Job<?>, TrialExecutor> executors, TrialStore store,
                       SearchListener listener, Path output) {
        Job<?> job = job(spec);
        return run(job, executors, store, listener, output);
    }

    /** The space, task and estimator a spec describes; what each worker process builds too. */
    public Job<?> job(TrainingSearchSpec spec) {
        TrainingBackend backend = backends.get(spec.backend());
        if (backend == null) {
            throw UserInputException.of("backend", "{backend} {} is not installed; available: {}, tabular", spec.backend(),
                    String.join(", ", new java.util.TreeSet<>(backends.keySet())));
        }
        backend = backend.on(spec.computeDevice());
        ClassificationTask task = ClassificationData.load(spec.dataset(), spec.dataDir(), spec.seed(), spec.augment());
        ProxyScorer scorer = null;
        if (spec.scoredByProxy()) {
            scorer = proxyScorers.get(spec.backend());
            if (scorer == null) {
                throw UserInputException.of("proxy", "{proxy} needs a backend that computes zero-cost proxies; {} does not{}",
                        spec.backend(), proxyScorers.isEmpty() ? "" : "; available: "
                        + String.join(", ", new java.util.TreeSet<>(proxyScorers.keySet())));
            }
        }
        SearchSpace<?> space = spec.spaceFile() != null ? spec.spaceFile().spaceFor(task.head().input(), spec.dataset())
                : TrainingSpaces.create(spec.space(), task.head().input());
        return job(spec, task, space, backend, scorer);
    }

    private static <G extends Genome> Job<G> job(TrainingSearchSpec spec, ClassificationTask task,
                                                 SearchSpace<G> space, TrainingBackend backend, ProxyScorer scorer) {
        TrainingPlan plan = plan(spec, spec.epochs()).withDataFraction(spec.dataFraction());
        TrainingEstimator<G> estimator = new TrainingEstimator<>(space, task.head(), backend, task.augmentedTrain(),
                task.validation(), plan, spec.maxParams(), spec.maxMacs() == 0 ? Long.MAX_VALUE : spec.maxMacs(), false)
                .withWidthMultiplier(spec.widthMultiplier())
                .withCurveStopping(spec.earlyStop().equals("curve") ? CurveStopping.forAccuracy() : null);
        PerformanceEstimator<G> scored = scorer == null ? estimator
                : new ZeroCostEstimator<>(space, task.head(), scorer, task.train(), List.of(ZeroCostProxy.named(spec.proxy())),
                Math.min(ZeroCostEstimator.DEFAULT_BATCH, task.train().size()), spec.seed(), spec.maxParams())
                .withMaxMacs(spec.maxMacs() == 0 ? Long.MAX_VALUE : spec.maxMacs());
        PerformanceEstimator<G> limited = spec.maxLatencyMs() == 0 && !spec.objectives().contains(TrainingObjectives.LATENCY)
                ? scored : new LatencyConstrainedEstimator<>(scored, space, task.head(),
                LatencyTables.calibrated(backend, LatencyTables.defaultFile(backend.name()), space, task.head()),
                spec.maxLatencyMs() == 0 ? Double.POSITIVE_INFINITY : spec.maxLatencyMs());
        PerformanceEstimator<G> searchEstimator = memoryLimited(limited, spec, space, task.head(), plan);
        return new Job<>(spec, task, space, backend, estimator, searchEstimator);
    }

    /**
     * {@code estimator} behind the spec's memory limit, reporting {@code memory_mb}, when the spec sets a limit or
     * minimises memory; else {@code estimator} itself, so that a search that asks for neither keeps its metrics.
     */
    static <G extends Genome> PerformanceEstimator<G> memoryLimited(PerformanceEstimator<G> estimator,
                                                                    TrainingSearchSpec spec, SearchSpace<G> space,
                                                                    io.nas4j.core.network.TaskHead head, TrainingPlan plan) {
        if (spec.maxMemoryMb() == 0 && !spec.objectives().contains(TrainingObjectives.MEMORY)) {
            return estimator;
        }
        return new MemoryConstrainedEstimator<>(estimator, space, head, plan,
                spec.maxMemoryMb() == 0 ? Double.POSITIVE_INFINITY : spec.maxMemoryMb());
    }

    static TrainingPlan plan(TrainingSearchSpec spec, int epochs) {
        TrainingPlan.Optimizer optimizer = switch (spec.optimizer()) {
            case "adam" -> TrainingPlan.Optimizer.ADAM;
            case "sgd" -> TrainingPlan.Optimizer.SGD;
            default -> throw UserInputException.of("optimizer", "optimizer {} is unknown; allowed: {}", spec.optimizer(),
                    String.join(", ", TrainingSearchDefaults.OPTIMIZERS));
        };
        return new TrainingPlan(epochs, spec.batchSize(), optimizer, spec.learningRate(), 0.9, spec.weightDecay(),
                TrainingPlan.Schedule.COSINE, 1.0, spec.seed());
    }

    /**
     * A resolved search: the spec, its task and space, the backend and the estimator built from them;
     * {@code searchEstimator} is what trials run (the estimator, behind the latency limit when the spec
     * sets one or minimises latency, behind the memory limit likewise, or a zero-cost proxy's scores when the spec
     * names one), {@code estimator} what the final training plans with.
     */
    public record Job<G extends Genome>(TrainingSearchSpec spec, ClassificationTask task, SearchSpace<G> space,
                                        TrainingBackend backend, TrainingEstimator<G> estimator,
                                        PerformanceEstimator<G> searchEstimator) {

        /** A job whose trials run {@code estimator} itself. */
        public Job(TrainingSearchSpec spec, ClassificationTask task, SearchSpace<G> space, TrainingBackend backend,
                   TrainingEstimator<G> estimator) {
            this(spec, task, space, backend, estimator, estimator);
        }
    }

    /**
     * A listener that also hears the final training of the best network, epoch by epoch (for a progress
     * line with an estimate of the time left).
     */
    public interface FinalTrainingListener extends SearchListener {

        /** The final training begins; it plans {@code epochs} epochs. */
        default void finalTrainingStarted(int epochs) {
        }

        /** Epoch {@code epoch} (from 1) of {@code epochs} finished with this mean training loss. */
        void finalEpochFinished(int epoch, int epochs, double trainLoss);

        /**
         * A member of the Pareto front other than the best by accuracy is about to be trained again, chosen for
         * {@code selectedAs} ({@link FrontSelection}); its epochs follow as the best's do.
         */
        default void frontMemberStarted(long trial, List<String> selectedAs) {
        }
    }

    /** Runs a job built by {@link #job} (which has read the data), writing the final model to {@code output/model}. */
    public <G extends Genome> Outcome run(Job<G> job, Function<Job<?>, TrialExecutor> executors, TrialStore store,
                                          SearchListener listener, Path output) {
        TrainingSearchSpec spec = job.spec();
        Instant started = Instant.now();
        List<Objective> objectives = objectives(spec);
        SearchStrategy<G> strategy = strategy(strategies, spec, job.space(), objectives,
                EpochRungs.settings(spec.strategy(), spec.budget(), spec.epochs(), spec.settings()));
        SearchResult<G> result;
        try (TrialExecutor executor = executors.apply(job)) {
            result = plan(spec, objectives).withStore(store).withRetryPolicy(retryPolicy).withListener(listener)
                    .search(job.space(), strategy, job.searchEstimator(), executor).run();
        }
        if (result.best().isEmpty()) {
            return new Outcome(result, null, null, null, 0, null, 0, 0, job.task().normalization());
        }
        Instant deadline = spec.timeLimitSeconds() > 0 ? started.plusSeconds(spec.timeLimitSeconds()) : null;
        FinalTraining<G> finalTraining = FinalTraining.of(job.space(), job.task(), job.backend(), job.estimator());
        G best = result.best().get().genome();
        List<FrontSelection.Choice> chosen = chosen(spec, result);
        String bestKey = result.best().get().trial().key();
        int others = (int) chosen.stream().filter(choice -> !choice.trial().key().equals(bestKey)).count();
        FinalTraining.Result<G> trained = finalTraining.train(best, spec.finalEpochs(), share(deadline, 1 + others),
                listener, output);
        List<FrontMember<ClassificationMetrics>> front = new ArrayList<>();
        int left = others;
        for (TrialRecord member : spec.multiObjective() ? byId(result.pareto()) : List.<TrialRecord>of()) {
            List<String> reasons = reasons(chosen, member);
            if (reasons.isEmpty()) {
                front.add(FrontMember.untrained(member, member.genome(),
                        NetworkAnalysis.of(job.space().decode(job.space().parse(member.genome()), job.task().head()))));
            } else if (member.key().equals(bestKey)) {
                front.add(new FrontMember<>(member, trained.architecture(), trained.network(), reasons, trained.test(),
                        trained.model(), trained.epochs(), trained.epochsTrained(), trained.seconds()));
            } else {
                if (listener instanceof FinalTrainingListener progress) {
                    progress.frontMemberStarted(member.id(), reasons);
                }
                FinalTraining.Result<G> again = finalTraining.train(job.space().parse(member.genome()), spec.finalEpochs(),
                        share(deadline, left--), listener, FrontMember.folder(output, member.id()));
                front.add(new FrontMember<>(member, again.architecture(), again.network(), reasons, again.test(),
                        again.model(), again.epochs(), again.epochsTrained(), again.seconds()));
            }
        }
        return new Outcome(result, trained.architecture(), trained.network(), trained.test(), trained.seconds(),
                trained.model(), trained.epochs(), trained.epochsTrained(), job.task().normalization(), front);
    }

    /**
     * The strategy a spec names, made for its objectives; with several objectives it must keep a Pareto front
     * ({@link TrainingObjectives#requireStrategy}).
     *
     * @throws UserInputException naming {@code strategy} when it is unknown, refuses a setting or cannot search
     *                            the objectives
     */
    static <G extends Genome> SearchStrategy<G> strategy(Strategies strategies, TrainingSearchSpec spec,
                                                        SearchSpace<G> space, List<Objective> objectives,
                                                        Map<String, Object> settings) {
        try {
            TrainingObjectives.requireStrategy(spec, strategies);
            return strategies.get(spec.strategy()).create(new StrategyContext<>(space, objectives, spec.seed(),
                    StrategySettings.of(settings)));
        } catch (IllegalArgumentException e) {
            throw UserInputException.of("strategy", "{strategy} {}: {}", spec.strategy(), e.getMessage()).causedBy(e);
        }
    }

    /** The front members a spec's search trains again: none with one objective. */
    static List<FrontSelection.Choice> chosen(TrainingSearchSpec spec, SearchResult<?> result) {
        if (!spec.multiObjective()) {
            return List.of();
        }
        return FrontSelection.choose(result.pareto(), objectives(spec), spec.objectives(), spec.finalFront());
    }

    /** Why {@code member} was chosen; empty when it was not. */
    static List<String> reasons(List<FrontSelection.Choice> chosen, TrialRecord member) {
        return chosen.stream().filter(choice -> choice.trial().id() == member.id()).findFirst()
                .map(FrontSelection.Choice::reasons).orElse(List.of());
    }

    static List<TrialRecord> byId(List<TrialRecord> trials) {
        return trials.stream().sorted(java.util.Comparator.comparingLong(TrialRecord::id)).toList();
    }

    /**
     * The deadline of the next of {@code trainings} final trainings that share what is left before {@code deadline}
     * equally; null without a deadline.
     */
    static Instant share(Instant deadline, int trainings) {
        if (deadline == null) {
            return null;
        }
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || trainings <= 1 ? deadline : Instant.now().plus(left.dividedBy(trainings));
    }

    /**
     * What a spec's search shares with every other kind: its objective, its budget (trials, and the search's
     * share of a time limit), the trial time limit, outcomes told in trial order (parallel workers finish in
     * any order; the strategy sees one sequence regardless).
     */
    public static SearchPlan plan(TrainingSearchSpec spec, Objective objective) {
        return plan(spec, List.of(objective));
    }

    /** As {@link #plan(TrainingSearchSpec, Objective)} for several objectives, the primary first. */
    public static SearchPlan plan(TrainingSearchSpec spec, List<Objective> objectives) {
        Budget budget = Budget.trials(spec.budget());
        if (spec.timeLimitSeconds() > 0) {
            budget = budget.withTime(Duration.ofSeconds(spec.searchSeconds()));
        }
        return SearchPlan.of(objectives, budget)
                .withTrialTimeout(spec.trialTimeoutSeconds() > 0 ? Duration.ofSeconds(spec.trialTimeoutSeconds()) : null);
    }

    /**
     * The epochs of the final training under a time limit: the spec's final epochs, cut to what fits in the
     * time left at {@code epochSeconds} an epoch ({@link FinalTrainingBudget}).
     */
    static int finalEpochs(TrainingSearchSpec spec, double epochSeconds, Duration left) {
        return FinalTrainingBudget.epochsThatFit(spec.finalEpochs(), epochSeconds, left);
    }

    /** An executor in this JVM: trials one after another (native engines allow one trainer per process). */
    public static TrialExecutor inProcess(Job<?> job) {
        return InProcessExecutor.sequential();
    }

    /** A fresh in-memory store. */
    public static TrialStore memoryStore() {
        return new InMemoryTrialStore();
    }
}
