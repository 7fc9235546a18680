package io.nas4j.runner.oneshot;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.FinalTrainingBudget;
import io.nas4j.runner.training.EpochProgress;
import io.nas4j.runner.training.FinalTraining;
import io.nas4j.runner.training.DivergenceRetry;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.supernet.PathGenome;
import io.nas4j.core.supernet.SupernetPathSpace;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.supernet.CellSupernet;
import io.nas4j.core.supernet.ChainSupernet;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.strategies.oneshot.Darts;
import io.nas4j.strategies.oneshot.Enas;
import io.nas4j.strategies.oneshot.InheritedWeightEvolution;
import io.nas4j.strategies.oneshot.SinglePathOneShot;
import io.nas4j.strategies.oneshot.Specialisation;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Augmentations;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.Normalization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A one-shot search on a classification task: DARTS (bilevel search of a mixed supernet, derivation), ENAS (an
 * LSTM controller and the shared weights trained in turn, the best of the controller's samples chosen) or
 * single-path one-shot (uniform single-path supernet training, then regularized evolution scoring subnets
 * with inherited weights, and, with {@code limits}, the best subnet under each resource limit from the same
 * supernet); then the chosen network is trained from scratch on training + validation data with the
 * training backend of the same engine, tested once and saved.
 */
public final class OneShotSearch {

    /** The settings a one-shot search understands (the spec's {@code settings}). */
    public static final Set<String> SETTINGS = Set.of("maxSkips", "maxParameterFree", "alphaLearningRate", "warmupEpochs", "stemChannels",
            "cellsPerStage", "stageChannels", "layersPerStage", "calibrationBatches", "population", "sample", "limits",
            "finalStemChannels", "finalCellsPerStage", "controllerSteps", "controllerLearningRate", "controllerEntropy",
            "rewardExamples", "rewardCalibrationBatches", "objectives", "supernetAugment");

    /**
     * The values of the setting {@code supernetAugment}: the supernet trains on batches augmented as the spec's
     * {@code augment} says ({@code same}, the default), or on the images as they are ({@code none}) while the
     * final training and the baseline keep the augmentation. A short supernet training on a fraction of the data
     * learns more slowly on augmented images, and DARTS then leans to parameter-free operations.
     */
    public static final List<String> SUPERNET_AUGMENTS = List.of("same", "none");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SPOS = "spos";

    private final Map<String, SupernetBackend> supernets;
    private final Map<String, TrainingBackend> trainers;
    private final Strategies strategies;

    /** A one-shot search whose supernet estimator serves the strategies installed on the class path. */
    public OneShotSearch(Map<String, SupernetBackend> supernets, Map<String, TrainingBackend> trainers) {
        this(supernets, trainers, Strategies.installed());
    }

    /** A one-shot search whose supernet estimator serves {@code strategies}. */
    public OneShotSearch(Map<String, SupernetBackend> supernets, Map<String, TrainingBackend> trainers,
                         Strategies strategies) {
        this.supernets = Map.copyOf(supernets);
        this.trainers = Map.copyOf(trainers);
        this.strategies = Objects.requireNonNull(strategies, "strategies");
    }

    /** The engines that have both a supernet backend and a training backend. */
    public List<String> backends() {
        return supernets.keySet().stream().filter(trainers::containsKey).sorted().toList();
    }

    /**
     * A {@link Darts.Listener} (which hears the supernet's epochs, whatever the strategy) that also hears the final
     * training of the chosen network, epoch by epoch, for a progress line with an estimate of the time left.
     */
    public interface FinalTrainingListener extends Darts.Listener {

        /** The final training begins; it plans {@code epochs} epochs (a time-limited one may re-plan them). */
        default void finalTrainingStarted(int epochs) {
        }

        /** Epoch {@code epoch} (from 1) of the {@code epochs} planned so far finished with this mean training loss. */
        void finalEpochFinished(int epoch, int epochs, double trainLoss);
    }

    /** What single-path one-shot found: its training, the evolution and the specialised subnets (empty without limits). */
    public record SposOutcome(SinglePathOneShot.Report training, InheritedWeightEvolution.Outcome evolution,
                              List<Specialisation.Specialised> specialised, List<Retrained> retrained) {
        public SposOutcome {
            specialised = List.copyOf(specialised);
            retrained = List.copyOf(retrained);
        }
    }

    /**
     * One of the top subnets by inherited-weight accuracy, trained stand-alone from scratch on the training
     * split for the final epochs and scored on validation data: how the best of {@code retrainTop} is chosen.
     */
    public record Retrained(String description, double inheritedAccuracy, double validationAccuracy, double seconds) {
    }

    /**
     * The result: the chosen network (genome in the space's text form, the supernet path's description),
     * its analysis, test metrics after the final training, timings, the saved model, and the strategy's own
     * record ({@code darts}, {@code spos} or {@code enas}, the others null).
     */
    public record Outcome(OneShotSpec spec, String genome, String description, int[] path, NetworkAnalysis network,
                          ClassificationMetrics test, double searchSeconds, double finalSeconds, int finalEpochsTrained,
                          Path model, long supernetWeights, Darts.Result darts, SposOutcome spos, Enas.Result enas,
                          Normalization normalization, SupernetSpec supernet) {
    }

    /**
     * The supernet, how a path reads as a genome of the matching space, and the network of a path that the
     * final training trains: the subnet itself, or for cells with {@code finalStemChannels} or
     * {@code finalCellsPerStage} the same cell in a wider or deeper skeleton (DARTS searches a small network
     * and evaluates the found cell in a larger one).
     */
    public record Supernet(SupernetSpec spec, Function<int[], String> genome, Function<int[], NetworkSpec> finalNetwork) {
    }

    /** The supernet {@code spec} asks for on {@code task}; throws {@link IllegalArgumentException} on bad settings. */
    public static Supernet supernet(OneShotSpec spec, ClassificationTask task) {
        StrategySettings settings = StrategySettings.of(spec.settings());
        if (spec.space().equals("nb201")) {
            int stem = positive(settings.integer("stemChannels", 16), "stemChannels");
            int cells = positive(settings.integer("cellsPerStage", 1), "cellsPerStage");
            CellSpace space = new CellSpace(stem, cells);
            CellSpace finalSpace = new CellSpace(positive(settings.integer("finalStemChannels", stem), "finalStemChannels"),
                    positive(settings.integer("finalCellsPerStage", cells), "finalCellsPerStage"));
            return new Supernet(CellSupernet.of(task.head(), stem, cells),
                    path -> space.format(CellSupernet.genome(path)),
                    path -> finalSpace.decode(CellSupernet.genome(path), task.head()));
        }
        if (spec.space().equals("chain")) {
            List<Integer> stages = new ArrayList<>();
            for (String part : settings.text("stageChannels", "16,32").split(",")) {
                try {
                    stages.add(positive(Integer.parseInt(part.trim()), "stageChannels"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("stageChannels must be positive integers separated by commas, got "
                            + settings.text("stageChannels", ""));
                }
            }
            ChainSupernet chain = new ChainSupernet(ChainSupernet.DEFAULT_OPS, stages,
                    positive(settings.integer("layersPerStage", 2), "layersPerStage"));
            SupernetSpec supernet = chain.supernet(task.head());
            return new Supernet(supernet, path -> chain.space().format(chain.genome(path)), supernet::discrete);
        }
        throw new IllegalArgumentException("space " + spec.space() + " has no supernet; allowed: " + OneShotSpec.SPACES);
    }

    /** Parses {@code params:N} and {@code macs:N} limits separated by commas. */
    public static List<Specialisation.Limit> limits(String text) {
        List<Specialisation.Limit> limits = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return limits;
        }
        for (String part : text.split(",")) {
            String[] pair = part.trim().split(":", 2);
            Specialisation.Measure measure = switch (pair[0].trim().toLowerCase(Locale.ROOT)) {
                case "params", "parameters" -> Specialisation.Measure.PARAMETERS;
                case "macs", "flops" -> Specialisation.Measure.MACS;
                default -> throw new IllegalArgumentException("limits: '" + part.trim()
                        + "' must read params:N or macs:N");
            };
            long value;
            try {
                value = pair.length == 2 ? Long.parseLong(pair[1].trim()) : -1;
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1) {
                throw new IllegalArgumentException("limits: '" + part.trim() + "' needs a positive whole number after ':'");
            }
            limits.add(new Specialisation.Limit(measure, value));
        }
        return limits;
    }

    /** Checks the settings (names and values) before any data is loaded; throws {@link IllegalArgumentException}. */
    public static void check(OneShotSpec spec) {
        check(spec, Strategies.installed());
    }

    /**
     * Checks, before anything trains, that the supernet {@code spec} names with {@code supernetFrom} was saved
     * from the supernet it builds on {@code task}.
     *
     * @throws io.nas4j.core.UserInputException naming {@code supernetFrom} when it was not
     */
    public static void checkSavedSupernet(OneShotSpec spec, ClassificationTask task) {
        if (spec.supernetFrom() != null) {
            SavedSupernets.check(Path.of(spec.supernetFrom()), SavedSupernets.identity(spec, task));
        }
    }

    /** The strategies the supernet estimator serves, by name. */
    public List<String> strategyNames() {
        return List.copyOf(strategies.names());
    }

    /** Checks {@code spec} against this search's strategies ({@link #check(OneShotSpec, Strategies)}). */
    public void validate(OneShotSpec spec) {
        check(spec, strategies);
    }

    /**
     * Checks the settings against what the strategy reads: the supernet's ({@link #SETTINGS}) and, for a
     * strategy served by the supernet estimator, its own.
     */
    public static void check(OneShotSpec spec, Strategies strategies) {
        StrategySettings settings = StrategySettings.of(spec.settings());
        Set<String> known = new java.util.TreeSet<>(SETTINGS);
        if (spec.supernetEstimator()) {
            known.addAll(provider(spec, strategies).settings());
        }
        settings.requireKnown(spec.strategy(), known);
        objectives(settings.text("objectives", InheritedWeightEvolution.ACCURACY));
        limits(settings.text("limits", ""));
        int warmup = settings.integer("warmupEpochs", spec.epochs() / 4);
        if (warmup < 0 || warmup >= spec.epochs()) {
            throw new IllegalArgumentException("warmupEpochs must be in [0, " + spec.epochs() + "), got " + warmup);
        }
        if (!(settings.real("alphaLearningRate", 3e-3) > 0)) {
            throw new IllegalArgumentException("alphaLearningRate must be positive");
        }
        settings.integer("maxSkips", 2);
        settings.integer("maxParameterFree", -1);
        positive(settings.integer("calibrationBatches", 10), "calibrationBatches");
        positive(settings.integer("population", 20), "population");
        positive(settings.integer("sample", 5), "sample");
        supernetAugment(settings);
        enasSettings(spec);
    }

    private static String supernetAugment(StrategySettings settings) {
        String value = settings.text("supernetAugment", SUPERNET_AUGMENTS.get(0));
        if (!SUPERNET_AUGMENTS.contains(value)) {
            throw new IllegalArgumentException("supernetAugment must be one of " + String.join(", ", SUPERNET_AUGMENTS)
                    + ", got " + value);
        }
        return value;
    }

    /**
     * ENAS's settings from the spec: the budget is how many paths the trained controller samples for the final
     * choice (checked whatever the strategy, so a bad value is caught before any data is loaded).
     */
    public static Enas.Settings enasSettings(OneShotSpec spec) {
        StrategySettings settings = StrategySettings.of(spec.settings());
        return new Enas.Settings(spec.epochs(), spec.batchSize(), settings.integer("controllerSteps", 20),
                settings.real("controllerLearningRate", 3e-3), settings.real("controllerEntropy", 1e-3),
                spec.budget(), settings.integer("calibrationBatches", 10),
                settings.integer("rewardCalibrationBatches", 2), settings.integer("rewardExamples", 256),
                spec.searchSeconds(), spec.seed());
    }

    /**
     * The training backend named {@code backend}, which trains the final network (and a baseline to compare with).
     *
     * @throws IllegalArgumentException when none has that name
     */
    public TrainingBackend trainer(String backend) {
        TrainingBackend trainer = trainers.get(backend);
        if (trainer == null) {
            throw new IllegalArgumentException("backend " + backend + " is not installed; available: " + backends());
        }
        return trainer;
    }

    public Outcome run(OneShotSpec spec, ClassificationTask task, Path output, Darts.Listener listener) {
        Objects.requireNonNull(spec, "spec");
        check(spec, strategies);
        SupernetBackend supernetBackend = supernets.get(spec.backend());
        TrainingBackend trainer = trainers.get(spec.backend());
        if (supernetBackend == null || trainer == null) {
            throw new IllegalArgumentException("backend " + spec.backend() + " has no supernet support; available: "
                    + backends());
        }
        StrategySettings settings = StrategySettings.of(spec.settings());
        Supernet supernet = supernet(spec, task);
        Dataset train = fraction(supernetAugment(settings).equals("none") ? task.train() : task.augmentedTrain(),
                spec.dataFraction(), spec.seed());
        long start = System.nanoTime();
        Instant deadline = spec.timeLimitSeconds() > 0 ? Instant.now().plusSeconds(spec.timeLimitSeconds()) : null;
        int[] path;
        Darts.Result darts = null;
        SposOutcome spos = null;
        Enas.Result enas = null;
        long weights;
        if (spec.strategy().equals("enas")) {
            enas = Enas.search(supernetBackend, supernet.spec(), train, task.validation(), enasSettings(spec),
                    epoch -> listener.epochFinished(new Darts.Epoch(epoch.epoch(), epoch.weightLoss(), Double.NaN,
                            Double.NaN, "", epoch.seconds())));
            path = enas.path();
            weights = enas.weightCount();
        } else if (spec.strategy().equals("darts")) {
            Darts.Settings dartsSettings = new Darts.Settings(spec.epochs(), spec.batchSize(),
                    settings.real("alphaLearningRate", 3e-3), settings.integer("warmupEpochs", spec.epochs() / 4),
                    settings.integer("maxSkips", 2), spec.searchSeconds(), spec.seed(),
                    settings.integer("maxParameterFree", -1));
            darts = Darts.search(supernetBackend, supernet.spec(), train, task.validation(), dartsSettings, listener);
            path = darts.path();
            weights = darts.weightCount();
        } else {
            int steps = SinglePathOneShot.stepsPerEpoch(train.size(), spec.batchSize());
            try (SupernetBackend.Supernet trained = supernetBackend.build(supernet.spec(),
                    SupernetPlan.singlePath(spec.epochs() * steps, spec.seed()))) {
                SinglePathOneShot.Report report;
                if (spec.supernetFrom() != null) {
                    SavedSupernets.load(trained, Path.of(spec.supernetFrom()), SavedSupernets.identity(spec, task));
                    report = new SinglePathOneShot.Report(List.of(), 0);
                } else {
                    report = SinglePathOneShot.train(trained, train, spec.epochs(), spec.batchSize(), spec.seed(),
                            spec.searchSeconds(), listener);
                }
                if (spec.supernetOut() != null) {
                    SavedSupernets.save(trained, Path.of(spec.supernetOut()), SavedSupernets.identity(spec, task));
                }
                InheritedWeightEvolution.Settings scoring = new InheritedWeightEvolution.Settings(spec.budget(),
                        settings.integer("population", 20), settings.integer("sample", 5),
                        settings.integer("calibrationBatches", 10), spec.batchSize(), spec.seed());
                InheritedWeightEvolution.Outcome outcome = InheritedWeightEvolution.search(trained, task.validation(),
                        train, scoring, analysis -> true,
                        strategy(spec, new SupernetPathSpace(supernet.spec())));
                List<Specialisation.Specialised> specialised = Specialisation.specialise(trained,
                        limits(settings.text("limits", "")), task.validation(), train, scoring);
                List<Retrained> retrained = new ArrayList<>();
                path = retrainTop(spec, supernet, task, trainer, outcome, retrained);
                spos = new SposOutcome(report, outcome, specialised, retrained);
                weights = trained.weightCount();
            }
        }
        double searchSeconds = (System.nanoTime() - start) / 1e9;
        NetworkSpec network = supernet.finalNetwork().apply(path);
        Dataset trainAndValidation = Augmentations.augmented(
                Datasets.concat(task.name() + "/train+validation", task.train(), task.validation()), task.augmentation());
        TrainingPlan plan = finalPlan(spec);
        if (deadline != null) {
            double epochSeconds = FinalTraining.probeEpochSeconds(trainer, network, trainAndValidation, plan);
            plan = plan.withEpochs(FinalTrainingBudget.epochsThatFit(spec.finalEpochs(), epochSeconds,
                    Duration.between(Instant.now(), deadline)));
        }
        Path model = output.resolve("model");
        int[] chosen = path;
        long weightCount = weights;
        Darts.Result dartsResult = darts;
        SposOutcome sposOutcome = spos;
        Enas.Result enasResult = enas;
        return DivergenceRetry.train(plan, attempt -> {
            try (TrainingBackend.Model trained = trainer.compile(network)) {
                TrainingBackend.EpochMonitor monitor = FinalTrainingBudget.fill(deadline, spec.finalEpochs());
                if (listener instanceof FinalTrainingListener progress) {
                    progress.finalTrainingStarted(attempt.epochs());
                    monitor = EpochProgress.reporting(monitor, progress::finalEpochFinished, attempt.epochs());
                }
                TrainingBackend.TrainingReport report = trainer.train(trained, trainAndValidation, null, attempt,
                        monitor);
                ClassificationMetrics test = ClassificationMetrics.ofConfusion(trainer.evaluate(trained, task.test()).confusion());
                trainer.save(trained, model);
                JSON.writeValue(model.resolve(TrainingSearch.NORMALIZATION_FILE).toFile(), task.normalization());
                return new Outcome(spec, supernet.genome().apply(chosen), supernet.spec().describe(chosen), chosen,
                        NetworkAnalysis.of(network), test, searchSeconds, report.seconds(), report.trainLoss().size(),
                        model, weightCount, dartsResult, sposOutcome, enasResult, task.normalization(), supernet.spec());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the final model to " + model + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * How the chosen network (and a hand-designed baseline of the same search) trains at the end: Adam at the
     * spec's rate with a cosine schedule over the final epochs.
     */
    public static TrainingPlan finalPlan(OneShotSpec spec) {
        return new TrainingPlan(spec.finalEpochs(), spec.batchSize(), TrainingPlan.Optimizer.ADAM,
                spec.learningRate(), 0.9, spec.weightDecay(), TrainingPlan.Schedule.COSINE, 1.0, spec.seed());
    }

    /**
     * The strategy the supernet estimator serves, over the supernet's paths: regularized evolution for
     * {@code spos} (population and tournament bounded by the budget, as single-path one-shot always had), else
     * the installed strategy of that name with the settings it reads, on the objectives of the
     * {@code objectives} setting ({@value InheritedWeightEvolution#ACCURACY} maximised first, {@code params}
     * and {@code flops} minimised).
     */
    private SearchStrategy<PathGenome> strategy(OneShotSpec spec, SupernetPathSpace space) {
        StrategyProvider provider = provider(spec, strategies);
        StrategySettings all = StrategySettings.of(spec.settings());
        Map<String, Object> own = new LinkedHashMap<>();
        for (String key : provider.settings()) {
            if (spec.settings().containsKey(key)) {
                own.put(key, spec.settings().get(key));
            }
        }
        if (spec.strategy().equals(SPOS)) {
            int population = Math.max(1, Math.min(all.integer("population", 20), spec.budget()));
            own.put("population", population);
            own.put("sample", Math.max(1, Math.min(all.integer("sample", 5), population)));
        }
        return provider.create(new StrategyContext<>(space, objectives(all.text("objectives",
                InheritedWeightEvolution.ACCURACY)), spec.seed(), StrategySettings.of(own)));
    }

    private static StrategyProvider provider(OneShotSpec spec, Strategies strategies) {
        String name = spec.strategy().equals(SPOS) ? "regularized-evolution" : spec.strategy();
        if (!strategies.names().contains(name)) {
            throw new IllegalArgumentException("strategy " + name + " is not installed; the supernet estimator serves: "
                    + String.join(", ", strategies.names()));
        }
        return strategies.get(name);
    }

    /** The objectives the {@code objectives} setting names: accuracy first and maximised, params and flops minimised. */
    static List<Objective> objectives(String text) {
        List<Objective> objectives = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            switch (name) {
                case InheritedWeightEvolution.ACCURACY -> objectives.add(Objective.maximize(name));
                case "params", "flops" -> objectives.add(Objective.minimize(name));
                default -> throw new IllegalArgumentException("objectives: '" + name
                        + "' is not one the supernet scores; allowed: accuracy, params, flops");
            }
        }
        if (!objectives.get(0).metric().equals(InheritedWeightEvolution.ACCURACY)
                || objectives.stream().map(Objective::metric).distinct().count() != objectives.size()) {
            throw new IllegalArgumentException("objectives must start with accuracy and name each metric once, got " + text);
        }
        return objectives;
    }

    /**
     * The path to train in the end: with {@code retrainTop} 1 the best by inherited-weight accuracy; with k,
     * the best by validation accuracy of the top k distinct subnets, each trained from scratch on the training
     * split for the final epochs ({@code retrained} records them in rank order).
     */
    private static int[] retrainTop(OneShotSpec spec, Supernet supernet, ClassificationTask task, TrainingBackend trainer,
                                    InheritedWeightEvolution.Outcome outcome, List<Retrained> retrained) {
        if (outcome.best() == null) {
            throw new IllegalStateException("the supernet estimator scored no valid subnet in " + spec.budget() + " proposals");
        }
        if (spec.retrainTop() <= 1) {
            return outcome.best().path();
        }
        List<InheritedWeightEvolution.Candidate> top = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        outcome.evaluated().stream()
                .sorted(java.util.Comparator.comparingDouble(InheritedWeightEvolution.Candidate::accuracy).reversed())
                .filter(candidate -> seen.add(candidate.description()))
                .limit(spec.retrainTop())
                .forEach(top::add);
        TrainingPlan plan = finalPlan(spec);
        int[] best = top.get(0).path();
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (InheritedWeightEvolution.Candidate candidate : top) {
            try (TrainingBackend.Model model = trainer.compile(supernet.finalNetwork().apply(candidate.path()))) {
                TrainingBackend.TrainingReport report = trainer.train(model, task.augmentedTrain(), null, plan,
                        TrainingBackend.EpochMonitor.none());
                double accuracy = trainer.evaluate(model, task.validation()).accuracy();
                retrained.add(new Retrained(candidate.description(), candidate.accuracy(), accuracy, report.seconds()));
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    best = candidate.path();
                }
            }
        }
        return best;
    }

    /** A seeded sample of {@code fraction} of {@code data} (all of it at 1). */
    static Dataset fraction(Dataset data, double fraction, long seed) {
        if (fraction >= 1) {
            return data;
        }
        int[] order = Datasets.allIndices(data.size());
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int index = order.length - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = order[index];
            order[index] = order[other];
            order[other] = swap;
        }
        int kept = (int) Math.max(2, Math.round(fraction * data.size()));
        int[] chosen = Arrays.copyOf(order, kept);
        Arrays.sort(chosen);
        return data.subset(chosen, data.name() + "/" + kept);
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }
}
