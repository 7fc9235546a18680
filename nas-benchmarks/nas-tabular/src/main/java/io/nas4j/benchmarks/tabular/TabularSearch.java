package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.space.SearchSpace;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A search whose trials are looked up in a benchmark table instead of trained ({@link TabularBackend}): a space
 * with a table ({@code nb201}, {@code macro}), the folder holding the table's file and the data set, a strategy
 * (a name with settings, and a seed), and the {@link SearchPlan} every search is assembled from (objectives,
 * budget, store, listeners, retries). It takes seconds, so it is how strategies are tried out, and it is the
 * command line's {@code --backend tabular} search.
 *
 * <pre>{@code
 * TabularSearch<CellGenome> search = TabularSearch.builder(new CellSpace(), dataDirectory)
 *         .dataset("cifar100")
 *         .strategy("regularized-evolution", Map.of("population", 20))
 *         .seed(7)
 *         .plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(150)).withStore(store).withListener(listener))
 *         .build();
 * SearchResult<CellGenome> result = search.run();
 * }</pre>
 *
 * <p>The same settings and seed give the same trials, bit for bit: the plan tells outcomes in trial order, so
 * an executor with the same parallelism gives the same search however its trials finish. Run again on the
 * persistent store of an interrupted run, it replays the stored trials and continues where that run stopped.
 * Progress goes to the plan's listeners; nothing is printed.
 *
 * @param <G> the genome type of the space
 */
public final class TabularSearch<G extends Genome> {

    /** What the tables report for every architecture and a search maximises unless its plan says otherwise. */
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

    /** Runs the search (or continues it from the plan's store), one trial after another in this thread. */
    public SearchResult<G> run() {
        try (InProcessExecutor executor = InProcessExecutor.sequential()) {
            return run(executor);
        }
    }

    /**
     * Runs the search (or continues it from the plan's store) with its trials on {@code executor}, which the
     * caller keeps and closes. Each run starts from a new strategy, rebuilt from the store's history.
     */
    public SearchResult<G> run(TrialExecutor executor) {
        Objects.requireNonNull(executor, "executor");
        return plan.search(space, provider.create(context), lookup, executor).run();
    }

    /**
     * Everything that describes a {@link TabularSearch}; the defaults: the table's first data set, local search
     * with its default settings, seed 0, and a plan of 100 trials maximising {@link #ACCURACY} with an in-memory
     * store.
     */
    public static final class Builder<G extends Genome> {
        private final SearchSpace<G> space;
        private final Path dataDirectory;
        private String dataset;
        private String strategyName = "local-search";
        private Map<String, Object> strategySettings = Map.of();
        private Strategies strategies;
        private long seed;
        private SearchPlan plan = SearchPlan.of(ACCURACY, Budget.trials(100));

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

        /** The strategy's seed. */
        public Builder<G> seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * The objectives (metrics the table reports: {@code accuracy}; macro also {@code params} and
         * {@code flops}), the budget, the store (a persistent one makes the search resumable; the caller closes
         * it), the listeners and the retry policy.
         */
        public Builder<G> plan(SearchPlan value) {
            this.plan = Objects.requireNonNull(value, "plan");
            return this;
        }

        /**
         * Loads the table and creates the strategy once, so that every mistake shows before a trial runs.
         *
         * @throws UserInputException       when there is no table for the space, the data set is not covered,
         *                                  or the table's file is missing or malformed
         * @throws IllegalArgumentException when the strategy is not installed or rejects its settings
         */
        public TabularSearch<G> build() {
            PerformanceEstimator<G> lookup = TABLES.estimator(space, dataDirectory, dataset);
            StrategyProvider provider = (strategies == null ? Strategies.installed() : strategies).get(strategyName);
            StrategyContext<G> context = new StrategyContext<>(space, plan.objectives(), seed,
                    StrategySettings.of(strategySettings));
            provider.create(context);
            return new TabularSearch<>(lookup, provider, context, plan);
        }
    }
}
