package io.nas4j.cli;

import com.google.inject.Inject;
import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.BenchConfig;
import io.nas4j.benchmarks.suite.Benchmark;
import io.nas4j.benchmarks.suite.BenchPlan;
import io.nas4j.benchmarks.suite.BenchProgress;
import io.nas4j.benchmarks.suite.Suite;
import io.nas4j.benchmarks.suite.SuiteRunner;
import io.nas4j.benchmarks.suite.SuiteSummary;
import io.nas4j.benchmarks.suite.SummaryFiles;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code nas bench}: runs strategies on a benchmark suite and writes {@code summary.json} and
 * {@code report.md}. Flags override the values of a {@code --config} file.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "io.nas4j.cli.bench",
        description = "Run search strategies on a benchmark suite and report the incumbent's score at checkpoints.")
final class BenchCommand implements Callable<Integer> {

    private static final String ALL = "all";

    @Option(names = "--suite", paramLabel = "NAME", description = "the suite: see 'nas list'")
    private String suite;

    @Option(names = "--strategies", paramLabel = "A,B,...", split = ",",
            description = "strategy names, or 'all' for every installed one")
    private List<String> strategies;

    @Option(names = "--runs", paramLabel = "R", description = "runs per strategy")
    private Integer runs;

    @Option(names = "--budget", paramLabel = "Q", description = "trials per run")
    private Integer budget;

    @Option(names = "--budget-epochs", paramLabel = "E",
            description = "epochs trained per run, each trial charged what its fidelity costs (nb201: 12 or 200; "
                    + "macro suites: 1 a trial); with --budget, whichever comes first")
    private Integer budgetEpochs;

    @Option(names = "--dataset", paramLabel = "D", description = "the suite's data set (nb201: cifar10, cifar100, imagenet16)")
    private String dataset;

    @Mixin
    private FolderOptions folders;

    @Mixin
    private SeedOption seed;

    @Mixin
    private ConfigOptions config;

    @Spec
    private CommandSpec spec;

    private final Strategies installed;
    private final Map<String, Suite> suites;
    private final SuiteRunner runner;

    @Inject
    BenchCommand(Strategies installed, Map<String, Suite> suites, SuiteRunner runner) {
        this.installed = installed;
        this.suites = suites;
        this.runner = runner;
    }

    @Override
    public Integer call() {
        BenchConfig fromFile = config.read(BenchConfig.class, BenchConfig.empty(), BenchConfig::relativeTo);
        BenchConfig merged = fromFile.overriddenBy(new BenchConfig(suite, strategies, runs, budget, budgetEpochs,
                dataset, folders.dataDir(), folders.out(), seed.given(), null));

        String suiteName = Inputs.oneOf(Inputs.required(merged.suite(), "--suite", "one of "
                + String.join(", ", new TreeSet<>(suites.keySet()))), "--suite", new TreeSet<>(suites.keySet()));
        Suite chosen = suites.get(suiteName);
        List<String> names = strategyNames(merged);
        int runCount = Inputs.atLeastOne(merged.runs(), "--runs");
        if (merged.budget() == null && merged.budgetEpochs() == null) {
            throw new UserInputException("--budget or --budget-epochs is required: a whole number of at least 1");
        }
        Integer trialBudget = merged.budget() == null ? null : Inputs.atLeastOne(merged.budget(), "--budget");
        double costBudget = merged.budgetEpochs() == null ? Double.POSITIVE_INFINITY
                : Inputs.atLeastOne(merged.budgetEpochs(), "--budget-epochs");
        if (merged.dataset() != null && !chosen.datasets().contains(merged.dataset())) {
            throw new UserInputException("--dataset " + merged.dataset() + " is not covered by suite " + suiteName
                    + "; allowed: " + String.join(", ", chosen.datasets()));
        }
        Map<String, StrategySettings> settings = settings(merged.settings(), names);
        Path data = Inputs.dataDirectory(merged.dataDir());
        Path output = Inputs.outputDirectory(merged.out(), "runs/bench-" + suiteName);
        long baseSeed = SeedOption.orDefault(merged.seed());

        Benchmark<?> benchmark = chosen.open(data, merged.dataset());
        BenchPlan plan = new BenchPlan(names, runCount, trialBudget != null ? trialBudget
                : SuiteRunner.trialsWithin(costBudget, benchmark.trialCost()), baseSeed, settings, costBudget);
        checkSettings(benchmark, plan);

        createFolder(output);

        PrintWriter err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, "bench " + suiteName);
        SuiteSummary summary = runner.run(benchmark, plan, new BenchProgress() {
            @Override
            public void runFinished(String strategy, int finishedRuns, int totalRuns) {
                progress.update(finishedRuns, totalRuns, "runs (" + strategy + ")");
            }

            @Override
            public void strategyFinished(SuiteSummary soFar) {
                // what is finished is on disk before the next strategy runs, so a later failure loses nothing
                SummaryFiles.write(soFar, output);
            }
        });
        progress.finish();
        List<Path> files = SummaryFiles.write(summary, output);
        Optional<Path> report = Reports.bench(output, err);

        PrintWriter printer = spec.commandLine().getOut();
        SummaryTable.print(summary, printer);
        printer.println("wrote " + files.get(0) + " and " + files.get(1));
        report.ifPresent(page -> printer.println("report: " + page));
        printer.flush();
        return NasCommand.OK;
    }

    /** Creates the output folder before anything runs, so that a folder that cannot be made costs no work. */
    private static void createFolder(Path output) {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UserInputException("--out " + UserInputException.printable(output.toString())
                    + " cannot be created: " + UserInputException.printable(String.valueOf(e.getMessage())), e);
        }
    }

    private List<String> strategyNames(BenchConfig merged) {
        List<String> requested = merged.strategyNames();
        if (requested.isEmpty()) {
            throw new UserInputException("--strategies is required: strategy names separated by commas, or all; allowed: "
                    + allowedStrategies());
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : requested) {
            if (name.equals(ALL)) {
                names.addAll(installed.names());
            } else if (installed.names().contains(name)) {
                names.add(name);
            } else {
                throw new UserInputException("--strategies: unknown strategy " + name + "; allowed: " + allowedStrategies());
            }
        }
        return List.copyOf(names);
    }

    private String allowedStrategies() {
        List<String> allowed = new ArrayList<>();
        allowed.add(ALL);
        allowed.addAll(installed.names());
        return String.join(", ", allowed);
    }

    /**
     * The file's settings overridden by {@code --set}: {@code strategy.key=value} sets one strategy's
     * setting, {@code key=value} sets it for every selected strategy that has that setting.
     */
    private Map<String, StrategySettings> settings(Map<String, Map<String, Object>> fromFile, List<String> names) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        if (fromFile != null) {
            fromFile.forEach((strategy, map) -> {
                if (!names.contains(strategy)) {
                    throw new UserInputException("settings: strategy " + strategy + " is not being run; running: "
                            + String.join(", ", names));
                }
                values.computeIfAbsent(strategy, key -> new LinkedHashMap<>()).putAll(map);
            });
        }
        for (Map.Entry<String, String> assignment : config.assignments().entrySet()) {
            String key = assignment.getKey();
            int dot = key.indexOf('.');
            if (dot > 0 && names.contains(key.substring(0, dot))) {
                values.computeIfAbsent(key.substring(0, dot), name -> new LinkedHashMap<>())
                        .put(key.substring(dot + 1), assignment.getValue());
                continue;
            }
            List<String> having = names.stream().filter(name -> installed.get(name).settings().contains(key)).toList();
            if (having.isEmpty()) {
                throw new UserInputException("--set " + key + ": no strategy being run has this setting; "
                        + describeSettings(names));
            }
            for (String name : having) {
                values.computeIfAbsent(name, ignored -> new LinkedHashMap<>()).put(key, assignment.getValue());
            }
        }
        Map<String, StrategySettings> settings = new LinkedHashMap<>();
        values.forEach((name, map) -> settings.put(name, StrategySettings.of(map)));
        return settings;
    }

    private String describeSettings(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            StrategyProvider provider = installed.get(name);
            parts.add(name + " has " + (provider.settings().isEmpty() ? "none"
                    : String.join(", ", new TreeSet<>(provider.settings()))));
        }
        return String.join("; ", parts);
    }

    /** Creates each strategy once so that a bad setting is a usage error before anything runs. */
    private void checkSettings(Benchmark<?> benchmark, BenchPlan plan) {
        for (String name : plan.strategies()) {
            try {
                create(benchmark, installed.get(name), plan.settingsOf(name), plan.seed());
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--set / settings: " + e.getMessage(), e);
            }
        }
    }

    private static <G extends Genome> void create(Benchmark<G> benchmark, StrategyProvider provider,
                                                  StrategySettings settings, long seed) {
        provider.create(new StrategyContext<>(benchmark.space(), benchmark.objectives(), seed, settings));
    }
}
