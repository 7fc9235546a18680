package io.nas4j.cli;

import io.nas4j.runner.result.ResultFiles;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.result.PairedComparison;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.runner.oneshot.OneShotSearch;
import io.nas4j.runner.oneshot.OneShotSpec;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.core.search.Strategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code nas search}: one search, written to {@code DIR/result.json} (the best architecture, its metrics
 * and the configuration used). With a training backend ({@code djl}, the default) candidates are trained
 * on a classification task and the best one is retrained on training and validation data and tested;
 * with {@code tabular} they are looked up in a benchmark table. With no arguments it searches the chain
 * space on the embedded digits set in a few minutes. Flags override the values of a {@code --config} file.
 *
 * <p>The option blocks it shares with {@code bench} and {@code resume} are mixins, worded for this command by
 * {@code search.properties}. It resolves the flags and hands the run to {@link TabularSearchCommand},
 * {@link ClassificationSearchCommand}, {@link DetectionSearchCommand} or {@link OneShotSearchCommand}.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "io.nas4j.cli.search",
        description = "Search a space with one strategy and write the best architecture to DIR/result.json.")
final class SearchCommand implements Callable<Integer> {

    static final String RESULT_FILE = ResultFiles.RESULT_FILE;
    private static final String DEFAULT_BACKEND = "djl";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(names = "--task", paramLabel = "T", description = "the task: classification (default), detection or volumetric")
    private String task;

    @Option(names = "--backend", paramLabel = "B", description = "how trials are evaluated: djl (default) trains, tabular looks up")
    private String backend;

    @Option(names = "--space", paramLabel = "S", description = "the search space (default chain; tabular: nb201): see 'nas list'")
    private String space;

    @Option(names = "--space-file", paramLabel = "FILE",
            description = "search the chain, cell or volumetric space this YAML file defines instead of --space (see examples/space-*.yaml)")
    private Path spaceFile;

    @Option(names = "--strategy", paramLabel = "S", description = "the strategy (default regularized-evolution; tabular: local-search; one-shot: darts, spos)")
    private String strategy;

    @Option(names = "--dataset", paramLabel = "D",
            description = "the data set: digits (default), mnist, fashion-mnist, cifar10; detection: digit-canvases (default), raccoon, voc, coco; volumetric: mricron-atlas (default), medmnist3d; tabular nb201: cifar10, cifar100, imagenet16")
    private String dataset;

    @Option(names = "--budget", paramLabel = "N", description = "trials (default 20 when training, 100 tabular)")
    private Integer budget;

    @Option(names = "--time-limit", paramLabel = "DURATION", description = "stop asking after this long, e.g. 30m, 1h, 90s")
    private String timeLimit;

    @Option(names = "--workers", paramLabel = "N", description = "worker processes that train, one thread each (default: one per core, at most 4); 0 trains in this JVM")
    private Integer workers;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs per candidate (default 8 on digits, 3 otherwise)")
    private Integer epochs;

    @Option(names = "--final-epochs", paramLabel = "N", description = "epochs of the final training of the best network")
    private Integer finalEpochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "examples per training step (default 64)")
    private Integer batchSize;

    @Option(names = "--learning-rate", paramLabel = "X", description = "Adam's learning rate (default 0.002)")
    private Double learningRate;

    @Option(names = "--max-params", paramLabel = "N", description = "candidates with more parameters fail untrained (default 5000000)")
    private Long maxParams;

    @Option(names = "--max-macs", paramLabel = "N", description = "candidates with more multiply-adds per example fail untrained (default: no limit)")
    private Long maxMacs;

    @Option(names = "--max-latency-ms", paramLabel = "MS",
            description = "candidates whose predicted latency per example (batch 1, one thread) is higher fail untrained (default: no limit)")
    private Double maxLatencyMs;

    @Option(names = "--max-memory-mb", paramLabel = "MB",
            description = "candidates predicted to need more memory to train a step at the batch size (activations, parameters, gradients, optimizer state) fail untrained (default: no limit)")
    private Double maxMemoryMb;

    @Option(names = "--objectives", paramLabel = "LIST", split = ",",
            description = "what to optimise: accuracy (default), then any of latency_ms, params, macs, memory_mb, e.g. accuracy,params; with several, a multi-objective strategy (nsga2, random) searches a Pareto front")
    private List<String> objectives;

    @Option(names = "--final-front", paramLabel = "N",
            description = "with several --objectives, front members trained again on training+validation and tested: the best by each objective, a knee point, then its neighbours (default 3)")
    private Integer finalFront;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "a hand-designed network trained after the search with the same wall time, to compare with: none, lenet, resnet8 or resnet20 (classification), single-stage (detection), cnn3d (volumetric; its default); default none")
    private String baseline;

    @Option(names = "--repeat", paramLabel = "N",
            description = "run the search N times, with seeds --seed, --seed + 1, ..., each in OUT/seed-S, and compare each with its --baseline seed by seed (default 1)")
    private Integer repeat;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "what is done to training batches of images: none, standard (crop=4,flip), or flip, crop=P (zero padding) and edge-crop=P (edge pixels as padding) joined by commas, e.g. edge-crop=2,flip (default: standard on cifar10, none otherwise)")
    private String augment;

    @Option(names = "--weight-decay", paramLabel = "X",
            description = "L2 weight decay of every training: candidates, the final training and the baseline (default 0)")
    private Double weightDecay;

    @Option(names = "--final-share", paramLabel = "X", description = "with --time-limit, the share of it kept for the final training (default 0.4)")
    private Double finalShare;

    @Option(names = "--data-fraction", paramLabel = "X", description = "share of the training split each candidate trains on (default 1)")
    private Double dataFraction;

    @Option(names = "--width-multiplier", paramLabel = "X",
            description = "scale the candidates' channels by this during the search, in (0, 1] (default 1; the final training uses full width)")
    private Double widthMultiplier;

    @Option(names = "--early-stop", paramLabel = "RULE",
            description = "none (default) or curve: stop a candidate whose extrapolated learning curve cannot beat the incumbent")
    private String earlyStop;

    @Option(names = "--proxy", paramLabel = "P",
            description = "score candidates untrained by a zero-cost proxy, synflow, grad_norm or naswot, and maximise it (default none: train them); the best is then trained")
    private String proxy;

    @Option(names = "--device", paramLabel = "D",
            description = "where candidates and the final training run: auto (default: a GPU where the engine sees one), cpu or gpu")
    private String device;

    @Option(names = "--estimator", paramLabel = "E",
            description = "trained (default: each candidate is trained) or supernet (one weight-sharing supernet is trained, then --strategy scores --budget candidates by the weights they inherit; classification, nb201 or chain)")
    private String estimator;

    @Option(names = "--retrain-top", paramLabel = "K",
            description = "with --estimator supernet: train the best K candidates by inherited weights stand-alone and keep the best of them (default 1)")
    private Integer retrainTop;

    @Option(names = "--supernet-out", paramLabel = "DIR",
            description = "with --estimator supernet or --strategy spos: save the trained supernet (weights, batch-norm statistics, what it was built from) in DIR")
    private Path supernetOut;

    @Option(names = "--supernet-from", paramLabel = "DIR",
            description = "with --estimator supernet or --strategy spos: search the supernet saved in DIR without training it again")
    private Path supernetFrom;

    @Mixin
    private SeedOption seed;

    @Mixin
    private FolderOptions folders;

    @Mixin
    private StoreOptions store;

    @Mixin
    private ExecutorOptions executor;

    @Mixin
    private ConfigOptions config;

    @Spec
    private CommandSpec spec;

    /** One-shot engines by name, for {@code --strategy darts|spos}. */
    @Inject
    private Map<String, SupernetBackend> supernets = Map.of();

    private final Strategies installed;
    private final TabularSearchCommand tabular;
    private final TrainingSearch training;
    private final DetectionSearch detection;

    @Inject
    SearchCommand(Strategies installed, TabularSearchCommand tabular, Map<String, TrainingBackend> trainingBackends,
                  Map<String, ProxyScorer> proxyScorers) {
        this.installed = installed;
        this.tabular = tabular;
        this.training = new TrainingSearch(trainingBackends, proxyScorers, installed);
        this.detection = new DetectionSearch(trainingBackends, installed);
    }

    @Override
    public Integer call() {
        SearchConfig fromFile = config.read(SearchConfig.class, SearchConfig.empty(), SearchConfig::relativeTo);
        Map<String, Object> flagSettings = new LinkedHashMap<>(config.assignments());
        SearchConfig merged = fromFile.overriddenBy(new SearchConfig(task, dataset, space, strategy, backend, budget,
                timeLimit, workers, seed.given(), folders.dataDir(), folders.out(), epochs, finalEpochs, batchSize,
                learningRate, maxParams, dataFraction, flagSettings.isEmpty() ? null : flagSettings, maxMacs, finalShare,
                maxLatencyMs, widthMultiplier, earlyStop, proxy, device, estimator, retrainTop,
                supernetOut == null ? null : supernetOut.toString(), supernetFrom == null ? null : supernetFrom.toString(),
                spaceFile == null ? null : spaceFile.toString(), objectives, maxMemoryMb, finalFront, baseline, repeat,
                augment, weightDecay));
        String backendName = merged.backend() != null ? merged.backend() : DEFAULT_BACKEND;
        if (backendName.equals(tabular.backend())) {
            QueueSearches.refuse(executor, "a tabular search looks its trials up in this process");
            return tabular.search(merged, store, executor, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (!training.backends().containsKey(backendName)) {
            throw new UserInputException("--backend " + backendName + " is not installed; available: "
                    + String.join(", ", new TreeSet<>(training.backends().keySet())) + ", " + tabular.backend());
        }
        return trainingSearch(merged, backendName);
    }

    private int trainingSearch(SearchConfig merged, String backendName) {
        int repeats = merged.repeat() == null ? 1 : merged.repeat();
        if (repeats < 1) {
            throw UserInputException.of("repeat", "{repeat} must be at least 1, got {}", repeats);
        }
        if (repeats > 1) {
            return repeated(merged, backendName, repeats);
        }
        return oneSearch(merged, backendName);
    }

    /** One trial search, or one one-shot search when the strategy or the estimator asks for a supernet. */
    private int oneSearch(SearchConfig merged, String backendName) {
        boolean supernetEstimator = OneShotSearchCommand.supernetEstimator(merged);
        if (supernetEstimator || OneShotSearchCommand.handles(merged.strategy())) {
            if (merged.proxy() != null && !merged.proxy().equals(TrainingSearchSpec.NO_PROXY)) {
                throw new UserInputException("--proxy scores candidates for a black-box strategy; --strategy "
                        + merged.strategy() + " trains a supernet instead");
            }
            refuseTrialFlags(merged);
            return OneShotSearchCommand.run(oneShot(), merged, backendName, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        return search(merged, backendName);
    }

    private OneShotSearch oneShot() {
        return new OneShotSearch(supernets, training.backends(), installed);
    }

    /**
     * {@code repeats} searches with consecutive seeds, each in its own folder {@code seed-S} under the output
     * folder with its own store, then their comparison with the baseline seed by seed ({@link PairedComparison}).
     */
    private int repeated(SearchConfig merged, String backendName, int repeats) {
        long firstSeed;
        String dataset;
        String baseline;
        List<String> allowed;
        if (OneShotSearchCommand.supernetEstimator(merged) || OneShotSearchCommand.handles(merged.strategy())) {
            OneShotSpec first = OneShotSearchCommand.resolve(merged, backendName, oneShot());
            firstSeed = first.seed();
            dataset = first.dataset();
            baseline = first.baseline();
            allowed = HandDesignedBaseline.names(TrainingDefaults.TASK, dataset);
        } else {
            TrainingSearchSpec first = TrainingDefaults.resolve(merged, backendName, installed);
            firstSeed = first.seed();
            dataset = first.dataset();
            baseline = first.baseline();
            allowed = HandDesignedBaseline.names(first.task(), dataset);
        }
        if (baseline.equals(HandDesignedBaseline.NONE)) {
            throw UserInputException.of("repeat", "{repeat} compares searches with a hand-designed {baseline} seed by"
                    + " seed; name one, allowed here: {}", String.join(", ", allowed.subList(1, allowed.size())));
        }
        if (store.url() != null) {
            throw UserInputException.of("store", "{store} holds one search; {repeat} runs one search per seed, each with"
                    + " its own store in its folder, so leave {store} out");
        }
        Path output = Inputs.outputDirectory(merged.out(), "runs/search-" + dataset);
        PrintWriter printer = spec.commandLine().getOut();
        List<Path> folders = new ArrayList<>();
        for (int repetition = 0; repetition < repeats; repetition++) {
            long seed = firstSeed + repetition;
            Path folder = output.resolve("seed-" + seed);
            printer.println("search " + (repetition + 1) + " of " + repeats + ", seed " + seed + ": " + folder);
            printer.flush();
            int status = oneSearch(merged.repetition(seed, folder.toString()), backendName);
            if (status != NasCommand.OK) {
                return status;
            }
            folders.add(folder);
        }
        PairedComparison comparison = PairedComparison.read(folders);
        Path file = comparison.write(output);
        BaselineLines.print(printer, comparison);
        printer.println("wrote " + file);
        printer.flush();
        return NasCommand.OK;
    }

    private int search(SearchConfig merged, String backendName) {
        TrainingSearchSpec used = TrainingDefaults.resolve(merged, backendName, installed);
        TrainingPlacement placement = TrainingPlacement.of(executor, used);
        Path output = Inputs.outputDirectory(merged.out(), "runs/search-" + used.dataset());
        int attempts = store.attempts();
        // the configuration as given (resume resolves it again, with the same checks), its paths made absolute
        ObjectNode given = JSON.valueToTree(merged);
        given.put("backend", backendName);
        given.put("out", output.toAbsolutePath().normalize().toString());
        if (merged.dataDir() != null) {
            given.put("dataDir", DataLocations.absolute(merged.dataDir()));
        }
        if (merged.spaceFile() != null) {
            given.put("spaceFile", Path.of(merged.spaceFile()).toAbsolutePath().normalize().toString());
        }
        Map<String, String> description = StoreOptions.description(StoredSearch.TRAINING, StoredSearch.json(given),
                used.seed(), attempts);
        QueueSearches.describe(executor, used, description);
        placement.record(description::put);
        try (StoredSearch stored = StoredSearch.forNewSearch(store.url(), output, description)) {
            return runTraining(used, output, stored, attempts, placement, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    /** Runs (or resumes) a detection, classification or volumetric search, as the spec's task says. */
    private int runTraining(TrainingSearchSpec used, Path output, StoredSearch stored, int attempts,
                            TrainingPlacement placement, PrintWriter printer, PrintWriter err) {
        if (used.task().equals(DetectionSearch.TASK)) {
            return DetectionSearchCommand.run(detection, used, output, stored, attempts, placement, printer, err);
        }
        return ClassificationSearchCommand.run(training, used, output, stored, attempts, placement, printer, err);
    }

    /**
     * A one-shot search trains one supernet in this process and keeps no trials: the flags that shape
     * trials, their workers or their store would be silently ignored, so they are refused.
     */
    private void refuseTrialFlags(SearchConfig merged) {
        String reason = " does not apply to " + (OneShotSearchCommand.handles(merged.strategy()) ? "--strategy "
                + merged.strategy() : "--estimator supernet") + ": a one-shot search trains one supernet"
                + " in this process and records no trials";
        SearchFlags.refuseUnused(merged, SearchFlags.ONE_SHOT, "{field}" + reason);
        Map<String, Object> given = new LinkedHashMap<>(store.given());
        given.put("--executor", executor.given());
        for (Map.Entry<String, Object> flag : given.entrySet()) {
            if (flag.getValue() != null) {
                throw new UserInputException(flag.getKey() + reason);
            }
        }
    }

    /** Resumes the training search a store describes with the configuration it was given. */
    int resumeTraining(SearchConfig given, Path output, StoredSearch stored, int attempts, ExecutorOptions executor,
                       PrintWriter printer, PrintWriter err) {
        String backendName = given.backend() != null ? given.backend() : DEFAULT_BACKEND;
        if (!training.backends().containsKey(backendName)) {
            throw new UserInputException("the search in " + stored.description() + " trains on backend " + backendName
                    + ", which is not installed; available: " + String.join(", ", new TreeSet<>(training.backends().keySet())));
        }
        ResumeCommand.checkStoredBudget(stored.description(), given.budget());
        TrainingSearchSpec used;
        try {
            used = TrainingDefaults.resolve(given, backendName, installed);
        } catch (UserInputException e) {
            // the value is the store's, not a flag the user gave: named by its field
            throw new UserInputException("the stored configuration of " + stored.description() + " is not valid: "
                    + e.message(field -> field), e);
        }
        return runTraining(used, output, stored, attempts, TrainingPlacement.forResume(executor, used, stored), printer, err);
    }
}
