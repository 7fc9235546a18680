package io.nas4j.runner;

import io.nas4j.core.UserInputException;
import io.nas4j.core.engine.Engine;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.estimate.TrainingEstimator;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.ComputeDevice;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.runner.training.FinalTraining;
import io.nas4j.tasks.classification.ClassificationTask;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A classification search described with objects, for host applications: the host's own
 * {@link ClassificationTask} (its data, in memory or read from anywhere), its own {@link SearchSpace}, a
 * strategy (an instance, or a name with settings), objectives and limits, an executor, a
 * {@link TrialStore} and a listener. {@link #run()} searches, trains the best architecture again on training
 * and validation data, tests it once and returns a typed {@link SearchOutcome} with the trained model.
 *
 * <pre>{@code
 * SearchOutcome<ChainGenome> outcome = ArchitectureSearch.builder(task, new ChainSpace(options))
 *         .strategy("regularized-evolution", Map.of("population", 8, "sample", 4))
 *         .budget(12)
 *         .store(JdbcTrialStore.open("jdbc:sqlite:out/trials.db"))
 *         .output(Path.of("out"))
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p><b>Resume.</b> Run the same search on the same persistent store again and it continues where it
 * stopped: the stored trials are replayed (nothing trains twice), and a final training that already
 * finished is read back from the store and the model folder rather than repeated, so a finished search run
 * again returns the same outcome without training anything. A store that holds another search (another
 * space, seed or strategy) is refused.
 *
 * <p><b>Validation.</b> {@link Builder#build()} checks every setting once and throws
 * {@link UserInputException} naming the field and what is allowed. The engine is the one
 * {@link Engines#defaultEngine()} picks unless one is named.
 *
 * @param <G> the genome type of the space
 */
public final class ArchitectureSearch<G extends Genome> {

    /** Metrics a training search reports for every candidate, usable as objectives. */
    public static final Set<String> OBJECTIVE_METRICS = Set.of("accuracy", "params", "flops", "activation_mb");

    private final Builder<G> settings;
    private final Engine engine;
    private final TrainingBackend backend;

    private ArchitectureSearch(Builder<G> settings, Engine engine) {
        this.settings = settings;
        this.engine = engine;
        this.backend = engine.training().on(settings.device);
    }

    /** A search for an architecture from {@code space} that classifies {@code task}'s data. */
    public static <G extends Genome> Builder<G> builder(ClassificationTask task, SearchSpace<G> space) {
        return new Builder<>(task, space);
    }

    /** The engine the candidates train on. */
    public Engine engine() {
        return engine;
    }

    /**
     * What each trial of this search runs: its space and the estimator that trains a candidate on the task's
     * training data and scores it on the validation data. A {@link TrialRecipe.Factory} that builds the same
     * search in a worker process returns this, so that trials run elsewhere evaluate exactly what they would
     * here.
     */
    public TrialRecipe.Evaluation<G> evaluation() {
        return new TrialRecipe.Evaluation<>(settings.space, estimator());
    }

    private TrainingEstimator<G> estimator() {
        return new TrainingEstimator<>(settings.space, settings.task.head(), backend,
                settings.task.augmentedTrain(), settings.task.validation(), settings.training, settings.maxParameters,
                settings.maxMacs, false);
    }

    /**
     * Runs the search (or continues it from its store), trains the best architecture on training and
     * validation data, tests it and saves it to {@code output/model}.
     */
    public SearchOutcome<G> run() {
        Instant started = Instant.now();
        ClassificationTask task = settings.task;
        SearchSpace<G> space = settings.space;
        TrainingEstimator<G> estimator = estimator();
        SearchStrategy<G> strategy = settings.strategy();
        Budget budget = Budget.trials(settings.trials);
        Instant deadline = null;
        if (settings.timeLimit != null) {
            budget = budget.withTime(settings.searchTime());
            deadline = started.plus(settings.timeLimit);
        }
        TrialStore store = settings.store == null ? new InMemoryTrialStore() : settings.store;
        new SearchIdentity(space.name(), settings.strategyName, settings.seed).claim(store);
        SearchPlan plan = SearchPlan.of(settings.objectives, budget).withStore(store);
        for (SearchListener listener : settings.listeners) {
            plan = plan.withListener(listener);
        }
        SearchResult<G> result;
        try (TrialExecutor executor = settings.executor == null ? InProcessExecutor.sequential() : settings.executor) {
            result = plan.search(space, strategy, estimator, executor).run();
        }
        Optional<FinalTraining.Result<G>> trained = FinalTraining.of(space, task, backend, estimator)
                .trainOrReuse(result, settings.finalEpochs, deadline, store, settings.listeners, settings.output);
        return SearchOutcome.of(result, trained, backend, task.normalization());
    }

    /**
     * Everything that describes an {@link ArchitectureSearch}; the defaults make a short search: regularized
     * evolution, 20 trials of 8 epochs (Adam 0.002, cosine, batch 64), a final training of 40 epochs,
     * validation accuracy maximised, at most 5,000,000 parameters, trials one after another in this JVM, an
     * in-memory store, seed 0.
     */
    public static final class Builder<G extends Genome> {
        private final ClassificationTask task;
        private final SearchSpace<G> space;
        private Engine engine;
        private String engineName;
        private String strategyName = "regularized-evolution";
        private Map<String, Object> strategySettings = new LinkedHashMap<>();
        private SearchStrategy<G> strategyInstance;
        private Strategies strategies;
        private List<Objective> objectives = List.of(Objective.maximize("accuracy"));
        private long maxParameters = 5_000_000L;
        private long maxMacs = Long.MAX_VALUE;
        private int epochs = 8;
        private int batchSize = 64;
        private double learningRate = 0.002;
        private TrainingPlan training;
        private int finalEpochs = 40;
        private int trials = 20;
        private Duration timeLimit;
        private double finalShare = 0.4;
        private TrialExecutor executor;
        private TrialStore store;
        private final List<SearchListener> listeners = new ArrayList<>();
        private long seed;
        private Path output;
        private ComputeDevice device = ComputeDevice.AUTO;

        private Builder(ClassificationTask task, SearchSpace<G> space) {
            this.task = Objects.requireNonNull(task, "task");
            this.space = Objects.requireNonNull(space, "space");
        }

        /** The engine of this name among those installed ({@link Engines#installed()}). */
        public Builder<G> engine(String name) {
            this.engineName = Objects.requireNonNull(name, "engine");
            this.engine = null;
            return this;
        }

        /** This engine instance. */
        public Builder<G> engine(Engine value) {
            this.engine = Objects.requireNonNull(value, "engine");
            this.engineName = null;
            return this;
        }

        /** The installed strategy of this name ({@link Strategies#installed()}), with these settings. */
        public Builder<G> strategy(String name, Map<String, ?> settings) {
            this.strategyName = Objects.requireNonNull(name, "strategy");
            this.strategySettings = new LinkedHashMap<>(settings);
            this.strategyInstance = null;
            return this;
        }

        /** A strategy the host made itself (it must propose genomes of this search's space). */
        public Builder<G> strategy(SearchStrategy<G> value) {
            this.strategyInstance = Objects.requireNonNull(value, "strategy");
            this.strategyName = value.getClass().getName();
            return this;
        }

        /** Where named strategies are looked up; the installed ones by default. */
        public Builder<G> strategies(Strategies value) {
            this.strategies = Objects.requireNonNull(value, "strategies");
            return this;
        }

        /**
         * The objectives, the primary first; by default validation accuracy maximised. Metrics allowed:
         * {@link #OBJECTIVE_METRICS}. With several, the outcome's front holds the non-dominated trials and
         * the best by the primary objective is trained again; the strategy must then keep a Pareto front
         * ({@link StrategyProvider#multiObjective()}), or {@link #build()} refuses it.
         */
        public Builder<G> objectives(Objective... values) {
            this.objectives = List.of(values);
            return this;
        }

        /** Candidates with more parameters fail untrained. */
        public Builder<G> maxParameters(long value) {
            this.maxParameters = value;
            return this;
        }

        /** Candidates with more multiply-adds per example fail untrained; no limit by default. */
        public Builder<G> maxMacs(long value) {
            this.maxMacs = value;
            return this;
        }

        /** Each candidate trains {@code epochs} epochs, Adam at {@code learningRate}, cosine schedule. */
        public Builder<G> training(int candidateEpochs, int examplesPerBatch, double rate) {
            this.epochs = candidateEpochs;
            this.batchSize = examplesPerBatch;
            this.learningRate = rate;
            this.training = null;
            return this;
        }

        /** Each candidate trains with this plan (its seed is replaced by the search's). */
        public Builder<G> training(TrainingPlan value) {
            this.training = Objects.requireNonNull(value, "training");
            return this;
        }

        /** Epochs of the final training of the best architecture. */
        public Builder<G> finalEpochs(int value) {
            this.finalEpochs = value;
            return this;
        }

        /** Trials the search may run. */
        public Builder<G> budget(int value) {
            this.trials = value;
            return this;
        }

        /**
         * A wall-time limit for the whole run; the search stops asking when {@code finalShare} of it is left,
         * and the final training fits its epochs into what is left ({@code FinalTrainingBudget}).
         */
        public Builder<G> timeLimit(Duration limit, double share) {
            this.timeLimit = limit;
            this.finalShare = share;
            return this;
        }

        /** Where trials run; trials one after another in this JVM by default. The search closes it. */
        public Builder<G> executor(TrialExecutor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** Where trials are kept; a persistent store makes the search resumable. The host closes it. */
        public Builder<G> store(TrialStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        public Builder<G> listener(SearchListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Where candidates and the final training run: {@code AUTO} (the default), {@code CPU} or {@code GPU}. */
        public Builder<G> device(ComputeDevice value) {
            this.device = Objects.requireNonNull(value, "device");
            return this;
        }

        public Builder<G> seed(long value) {
            this.seed = value;
            return this;
        }

        /** The folder the trained model is saved in ({@code output/model}); required. */
        public Builder<G> output(Path value) {
            this.output = Objects.requireNonNull(value, "output");
            return this;
        }

        /**
         * Checks every setting and finds the engine.
         *
         * @throws UserInputException naming the field and what is allowed
         */
        public ArchitectureSearch<G> build() {
            require(output != null, "output", "{output}: the folder for the trained model is required");
            require(trials >= 1, "budget", "{budget} must be at least 1 trial, got {}", trials);
            require(finalEpochs >= 1, "finalEpochs", "{finalEpochs} must be at least 1, got {}", finalEpochs);
            require(maxParameters >= 1, "maxParameters", "{maxParameters} must be at least 1, got {}", maxParameters);
            require(maxMacs >= 1, "maxMacs", "{maxMacs} must be at least 1, got {}", maxMacs);
            require(!objectives.isEmpty(), "objectives", "{objectives}: give at least one; allowed metrics: {}",
                    new java.util.TreeSet<>(OBJECTIVE_METRICS));
            for (Objective objective : objectives) {
                require(OBJECTIVE_METRICS.contains(objective.metric()), "objectives", "{objectives}: metric '{}' is not"
                        + " reported by a training search; allowed: {}", objective.metric(), new java.util.TreeSet<>(OBJECTIVE_METRICS));
            }
            if (timeLimit != null) {
                require(!timeLimit.isNegative() && !timeLimit.isZero(), "timeLimit", "{timeLimit} must be positive, got {}",
                        timeLimit);
                require(finalShare > 0 && finalShare < 1, "finalShare", "{finalShare} must be in (0, 1), got {}", finalShare);
            }
            if (training == null) {
                require(epochs >= 1, "epochs", "{epochs} must be at least 1, got {}", epochs);
                require(batchSize >= 1, "batchSize", "{batchSize} must be at least 1, got {}", batchSize);
                require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", "{learningRate} must be positive,"
                        + " got {}", learningRate);
                training = new TrainingPlan(epochs, batchSize, TrainingPlan.Optimizer.ADAM, learningRate, 0.9, 0,
                        TrainingPlan.Schedule.COSINE, 1.0, seed);
            }
            training = new TrainingPlan(training.epochs(), training.batchSize(), training.optimizer(),
                    training.learningRate(), training.momentum(), training.weightDecay(), training.schedule(),
                    training.dataFraction(), seed);
            Engine chosen = engine;
            if (chosen == null) {
                Engines installed = Engines.installed();
                try {
                    chosen = engineName == null ? installed.defaultEngine() : installed.get(engineName);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw (e.getMessage().startsWith("engine") ? UserInputException.of("engine", "{}", e.getMessage())
                            : UserInputException.of("engine", "{engine}: {}", e.getMessage())).causedBy(e);
                }
            }
            if (strategyInstance == null) {
                strategy(); // checks the name and the settings now, not after the data is loaded
            }
            return new ArchitectureSearch<>(this, chosen);
        }

        private SearchStrategy<G> strategy() {
            if (strategyInstance != null) {
                return strategyInstance;
            }
            Strategies installed = strategies == null ? Strategies.installed() : strategies;
            try {
                StrategyProvider provider = installed.get(strategyName);
                if (objectives.size() > 1 && !provider.multiObjective()) {
                    // the rule of every training search: no weighted sum the host did not choose
                    throw UserInputException.of("strategy", "{strategy} {} optimises one objective, so it cannot search"
                            + " {objectives} {}; choose one that keeps a Pareto front: {}", strategyName,
                            objectives.stream().map(Objective::metric).collect(java.util.stream.Collectors.joining(",")),
                            installed.all().stream().filter(StrategyProvider::multiObjective).map(StrategyProvider::name)
                                    .collect(java.util.stream.Collectors.joining(", ")));
                }
                return provider.create(new StrategyContext<>(space, objectives, seed,
                        StrategySettings.of(strategySettings)));
            } catch (IllegalArgumentException e) {
                throw UserInputException.of("strategy", "{strategy} {}: {}", strategyName, e.getMessage()).causedBy(e);
            }
        }

        private Duration searchTime() {
            return Duration.ofMillis(Math.max(1000, Math.round(timeLimit.toMillis() * (1 - finalShare))));
        }

        private static void require(boolean condition, String field, String template, Object... values) {
            if (!condition) {
                throw UserInputException.of(field, template, values);
            }
        }
    }
}
