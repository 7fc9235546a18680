package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.space.SearchSpace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A search whose trials are looked up in a benchmark table instead of trained ({@link TabularBackend}):
 * a space with a table ({@code nb201}, {@code macro}), the folder holding the table's file, a strategy
 * (a name with settings), objectives, a trial budget, a store, a retry policy and listeners. It takes
 * seconds, so it is how strategies are tried out and how the command line's {@code --backend tabular}
 * search runs.
 *
 * <pre>{@code
 * SearchResult<CellGenome> result = TabularSearch.builder(new CellSpace(), dataDirectory)
 *         .dataset("cifar100")
 *         .strategy("regularized-evolution", Map.of("population", 20))
 *         .budget(150)
 *         .seed(7)
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>The same settings and seed give the same trials, bit for bit, on any executor: outcomes are told in
 * trial order. Run again on the persistent store of an interrupted run, it replays the stored trials and
 * continues where that run stopped. Progress is told to the listeners; nothing is printed.
 *
 * @param <G> the genome type of the space
 */
public final class TabularSearch<G extends Genome> {

    /** What the tables report for every architecture and a search maximises unless told otherwise. */
    public static final Objective ACCURACY = Objective.maximize("accuracy");

    private static final TabularBackend TABLES = new TabularBackend();

    private final SearchSpace<G> space;
    private final PerformanceEstimator<G> lookup;
    private final StrategyProvider provider;
    private final StrategyContext<G> context;
    private final SearchPlan plan;

    private TabularSearch(PerformanceEstimator<G> lookup, StrategyProvider provider, StrategyContext<G> context,
                          SearchPlan plan) {
        this.space = context.space();
        this.lookup = lookup;
        this.provider = provider;
        this.context = context;
        this.plan = plan;
    }

    /** A search of {@code space}, its table read from {@code dataDirectory} (the folder or its parent). */
    public static <G extends Genome> Builder<G> builder(SearchSpace<G> space, Path dataDirectory) {
        return new Builder<>(space, dataDirectory);
    }

    public SearchSpace<G> space() {
        return space;
    }

    /** Runs the search (or continues it from its store), one trial after another in this thread. */
    public SearchResult<G> run() {
        try (InProcessExecutor executor = InProcessExecutor.sequential()) {
            return run(executor);
        }
    }

    /**
     * Runs the search (or continues it from its store) with its trials on {@code executor}, which the caller
     * keeps and closes. Each run starts from a new strategy, rebuilt from the store's history.
     */
    public SearchResult<G> run(TrialExecutor executor) {
        Objects.requireNonNull(executor, "executor");
        return plan.search(space, provider.create(context), lookup, executor).run();
    }

    /**
     * Everything that describes a {@link TabularSearch}; the defaults: the table's first data set, local
     * search, 100 trials, accuracy maximised, seed 0, an in-memory store, no retries.
     */
    public static final class Builder<G extends Genome> {
        private final SearchSpace<G> space;
        private final Path dataDirectory;
        private String dataset;
        private String strategyName = "local-search";
        private Map<String, Object> strategySettings = new LinkedHashMap<>();
        private Strategies strategies;
        private List<Objective> objectives = List.of(ACCURACY);
        private int trials = 100;
        private long seed;
        private TrialStore store;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private final List<SearchListener> listeners = new ArrayList<>();

        private Builder(SearchSpace<G> space, Path dataDirectory) {
            this.space = Objects.requireNonNull(space, "space");
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        /** The table's data set ({@link TabularBackend#datasets}); its first by default. */
        public Builder<G> dataset(String value) {
            this.dataset = Objects.requireNonNull(value, "dataset");
            return this;
        }

        /** The installed strategy of this name, with its default settings. */
        public Builder<G> strategy(String name) {
            return strategy(name, Map.of());
        }

        /** The installed strategy of this name with these settings. */
        public Builder<G> strategy(String name, Map<String, ?> values) {
            this.strategyName = Objects.requireNonNull(name, "strategy");
            this.strategySettings = new LinkedHashMap<>(values);
            return this;
        }

        /** Where named strategies are looked up; {@link Strategies#installed()} by default. */
        public Builder<G> strategies(Strategies value) {
            this.strategies = Objects.requireNonNull(value, "strategies");
            return this;
        }

        /** The objectives, the primary first; metrics the table reports ({@code accuracy}; macro: also {@code params}, {@code flops}). */
        public Builder<G> objectives(List<Objective> values) {
            this.objectives = List.copyOf(values);
            return this;
        }

        /** Trials the search may run. */
        public Builder<G> budget(int value) {
            this.trials = value;
            return this;
        }

        public Builder<G> seed(long value) {
            this.seed = value;
            return this;
        }

        /** Where trials are kept; a persistent store makes the search resumable. The caller closes it. */
        public Builder<G> store(TrialStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** How often a trial whose executor was lost runs again. */
        public Builder<G> retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** Told about progress, after the listeners added before. */
        public Builder<G> listener(SearchListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Loads the table and creates the strategy once, so that every mistake shows before a trial runs.
         *
         * @throws UserInputException       when the budget is below 1, there is no table for the space, the
         *                                  data set is not covered, or the table's file is missing or malformed
         * @throws IllegalArgumentException when the strategy is not installed or rejects its settings
         */
        public TabularSearch<G> build() {
            if (trials < 1) {
                throw new UserInputException("budget must be at least 1 trial, got " + trials);
            }
            if (objectives.isEmpty()) {
                throw new UserInputException("objectives: give at least one, for example accuracy");
            }
            PerformanceEstimator<G> lookup = TABLES.estimator(space, dataDirectory, dataset);
            StrategyProvider provider = (strategies == null ? Strategies.installed() : strategies).get(strategyName);
            StrategyContext<G> context = new StrategyContext<>(space, objectives, seed,
                    StrategySettings.of(strategySettings));
            provider.create(context);
            SearchPlan plan = SearchPlan.of(objectives, Budget.trials(trials)).withStore(store)
                    .withRetryPolicy(retryPolicy);
            for (SearchListener listener : listeners) {
                plan = plan.withListener(listener);
            }
            return new TabularSearch<>(lookup, provider, context, plan);
        }
    }
}
