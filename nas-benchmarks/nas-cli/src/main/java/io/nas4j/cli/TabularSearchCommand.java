package io.nas4j.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.nas4j.benchmarks.tabular.TabularBackend;
import io.nas4j.benchmarks.tabular.TabularSearch;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.cli.spark.SparkExecutors;
import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.trial.TrialState;
import io.nas4j.report.Architectures;
import io.nas4j.report.TabularHeads;
import io.nas4j.runner.result.ResultFiles;
import io.nas4j.runner.store.StoredSearch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code nas search --backend tabular}: checks the flags, runs a {@link TabularSearch} with a progress line,
 * and writes {@code result.json} (the best architecture with the table's metrics and the configuration used)
 * and the report; {@code nas resume} continues such a search from its store.
 */
final class TabularSearchCommand {

    private static final String DEFAULT_SPACE = "nb201";
    private static final String DEFAULT_STRATEGY = "local-search";
    private static final int DEFAULT_BUDGET = 100;
    private static final int DEFAULT_SPARK_TASKS = 2;
    private static final int MAX_SPARK_TASKS = 1024;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Strategies installed;
    private final Map<String, SearchSpace<?>> spaces;
    private final TabularBackend tabular;

    @Inject
    TabularSearchCommand(Strategies installed, Map<String, SearchSpace<?>> spaces, TabularBackend tabular) {
        this.installed = installed;
        this.spaces = spaces;
        this.tabular = tabular;
    }

    /** The backend's name, as {@code --backend} gives it. */
    String backend() {
        return tabular.name();
    }

    /**
     * Checks {@code merged} (the flags over the config file) and fills in the defaults, then runs a new search
     * with its trials in the store {@code store} names, on the executor {@code executor} chooses.
     */
    int search(SearchConfig merged, StoreOptions store, ExecutorOptions executor, PrintWriter printer, PrintWriter err) {
        SearchFlags.refuseUnused(merged, SearchFlags.TABULAR, "{field} needs a training backend; the tabular backend looks"
                + " trials up");
        if (merged.task() != null && !merged.task().equals(TrainingDefaults.TASK)) {
            throw new UserInputException("--task " + UserInputException.printable(merged.task()) + " needs a training"
                    + " backend; the tables of the tabular backend hold " + TrainingDefaults.TASK + " results");
        }
        String spaceName = Inputs.oneOf(merged.space() != null ? merged.space() : DEFAULT_SPACE, "--space",
                new TreeSet<>(spaces.keySet()));
        String strategyName = Inputs.oneOf(merged.strategy() != null ? merged.strategy() : DEFAULT_STRATEGY,
                "--strategy", installed.names());
        int trials = Inputs.atLeastOne(merged.budget() != null ? merged.budget() : DEFAULT_BUDGET, "--budget");
        String timeLimit = merged.timeLimit() == null ? null : TrainingDefaults.seconds(merged.timeLimit()) + "s";
        long seed = SeedOption.orDefault(merged.seed());
        if (!tabular.spaces().contains(spaceName)) {
            throw new UserInputException("--space " + spaceName + " has no table in backend " + tabular.name()
                    + "; allowed: " + String.join(", ", tabular.spaces()));
        }
        List<String> datasets = tabular.datasets(spaceName);
        String datasetName = merged.dataset() != null ? merged.dataset() : datasets.get(0);
        Inputs.oneOf(datasetName, "--dataset", datasets);
        Path data = Inputs.dataDirectory(merged.dataDir());
        Path output = Inputs.outputDirectory(merged.out(), "runs/search-" + spaceName);
        SearchConfig used = new SearchConfig(null, datasetName, spaceName, strategyName, tabular.name(), trials, timeLimit,
                null, seed, data.toAbsolutePath().normalize().toString(), output.toAbsolutePath().normalize().toString(),
                null, null, null, null, null, null, merged.settings(), null, null);
        int attempts = store.attempts();
        boolean onSpark = executor.spark();
        if (!onSpark && merged.workers() != null) {
            throw new UserInputException("--workers needs a training backend or --executor spark; the tabular backend"
                    + " looks trials up one after another in this process");
        }
        int parallelism = merged.workers() == null ? DEFAULT_SPARK_TASKS : merged.workers();
        if (onSpark && (parallelism < 1 || parallelism > MAX_SPARK_TASKS)) {
            throw new UserInputException("--workers must be between 1 and " + MAX_SPARK_TASKS
                    + " with --executor spark, got " + parallelism);
        }
        try (StoredSearch stored = StoredSearch.forNewSearch(store.url(), output,
                StoreOptions.description(StoredSearch.TABULAR, StoredSearch.json(used), seed, attempts))) {
            Function<SearchSpace<?>, TrialExecutor> executors = !onSpark ? space -> InProcessExecutor.sequential()
                    : space -> SparkExecutors.tabular(executor.master(), parallelism, space, stored.url(),
                    StoredSearch.json(used));
            return run(used, output, stored, attempts, executors, printer, err);
        }
    }

    /**
     * Runs (or resumes) a tabular search with its trials in {@code stored}, one trial after another in this
     * JVM: {@code used} is resolved and complete, as {@link #search} makes it and the store keeps it.
     */
    int run(SearchConfig used, Path output, StoredSearch stored, int attempts, PrintWriter printer, PrintWriter err) {
        return run(used, output, stored, attempts, space -> InProcessExecutor.sequential(), printer, err);
    }

    private int run(SearchConfig used, Path output, StoredSearch stored, int attempts,
                    Function<SearchSpace<?>, TrialExecutor> executors, PrintWriter printer, PrintWriter err) {
        if (used.space() == null || !spaces.containsKey(used.space()) || !tabular.spaces().contains(used.space())
                || used.dataDir() == null || used.seed() == null || used.budget() == null
                || used.strategy() == null || used.dataset() == null) {
            throw new UserInputException("the stored configuration of " + stored.description() + " is incomplete");
        }
        ResumeCommand.checkStoredBudget(stored.description(), used.budget());
        Path data = Inputs.dataDirectory(used.dataDir());
        SearchResult<?> result = search(spaces.get(used.space()), used, data, stored, attempts, executors, err);
        Path file = write(result, used, output);
        Optional<Path> report = Reports.search(output, result.trials(), TabularSearch.ACCURACY,
                Architectures.of(spaces.get(used.space()), TabularHeads.forDataset(used.dataset())), err);

        result.best().ifPresentOrElse(best -> printer.println("best: " + best.trial().genome() + "  "
                        + metrics(best.trial().metrics())),
                () -> printer.println("no trial completed"));
        printer.println("wrote " + file);
        report.ifPresent(page -> printer.println("report: " + page));
        printer.flush();
        return NasCommand.OK;
    }

    private <G extends Genome> SearchResult<G> search(SearchSpace<G> space, SearchConfig used, Path data,
                                                      StoredSearch store, int attempts,
                                                      Function<SearchSpace<?>, TrialExecutor> executors,
                                                      PrintWriter err) {
        ProgressLine progress = new ProgressLine(err, "search " + space.name());
        Duration timeLimit = used.timeLimit() == null ? null : Duration.ofSeconds(TrainingDefaults.seconds(used.timeLimit()));
        Budget budget = timeLimit == null ? Budget.trials(used.budget()) : Budget.trials(used.budget()).withTime(timeLimit);
        SearchPlan plan = SearchPlan.of(TabularSearch.ACCURACY, budget).withStore(store)
                .withRetryPolicy(RetryPolicy.attempts(attempts))
                .withListener(new SearchListener() {
                    private int resumed;
                    private int finished;

                    @Override
                    public void searchStarted(int maxTrials, int resumedTrials) {
                        resumed = resumedTrials;
                        finished = resumedTrials;
                        progress.start(resumedTrials);
                    }

                    @Override
                    public void trialFinished(TrialRecord trial, TrialRecord incumbent) {
                        // an interrupted trial that runs again was counted among the resumed ones
                        if (trial.id() >= resumed) {
                            finished++;
                        }
                        progress.update(finished, used.budget(), "trials" + (incumbent == null ? ""
                                : String.format(Locale.ROOT, ", best accuracy %.2f",
                                TabularSearch.ACCURACY.value(incumbent.metrics()))), timeLimit);
                    }

                    @Override
                    public void searchFinished(SearchResult<?> result) {
                        progress.finish();
                        if (result.trials().size() < used.budget()) {
                            err.println("the search stopped after " + result.trials().size() + " of " + used.budget()
                                    + " trials: " + (timeLimit != null && !result.elapsed().minus(timeLimit).isNegative()
                                    ? "its time limit of " + used.timeLimit() + " was reached"
                                    : "strategy " + used.strategy() + " had nothing more to propose"));
                            err.flush();
                        }
                    }
                });
        TabularSearch<G> search;
        try {
            search = TabularSearch.builder(space, data).dataset(used.dataset())
                    .strategy(used.strategy(), used.settings() == null ? Map.of() : used.settings())
                    .strategies(installed).seed(used.seed()).plan(plan).build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--set / settings: " + e.getMessage(), e);
        }
        // Spark tasks finish in any order; the search tells them in trial order, so the strategy sees one sequence
        try (TrialExecutor executor = executors.apply(space)) {
            SearchResult<G> result = search.run(executor);
            progress.finish();
            return result;
        }
    }

    private static Path write(SearchResult<?> result, SearchConfig used, Path output) {
        ObjectNode root = JSON.createObjectNode();
        root.put("space", used.space());
        root.put("backend", used.backend());
        root.put("strategy", used.strategy());
        root.put("dataset", used.dataset());
        root.put("trials", result.trials().size());
        root.put("complete", result.count(TrialState.COMPLETE));
        root.put("failed", result.count(TrialState.FAILED));
        result.best().ifPresentOrElse(best -> {
            ObjectNode node = root.putObject("best");
            node.put("trial", best.trial().id());
            node.put("genome", best.trial().genome());
            node.put("key", best.trial().key());
            ObjectNode metrics = node.putObject("metrics");
            new TreeMap<>(best.trial().metrics()).forEach(metrics::put);
        }, () -> root.putNull("best"));
        root.set("config", JSON.valueToTree(used));
        return ResultFiles.write(output, root);
    }

    private static String metrics(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(metrics).forEach((name, value) ->
                text.append(text.isEmpty() ? "" : "  ").append(name).append(' ')
                        .append(String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.2f", value)));
        return text.toString();
    }
}
