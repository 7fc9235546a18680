package io.nas4j.runner.training;


import io.nas4j.core.UserInputException;
import io.nas4j.core.port.DataFolders;
import io.nas4j.runner.space.SpaceFile;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import static io.nas4j.runner.training.TrainingSearchSpec.EARLY_STOPS;
import static io.nas4j.runner.training.TrainingSearchSpec.NO_EARLY_STOP;
import static io.nas4j.runner.training.TrainingSearchSpec.NO_PROXY;
import static io.nas4j.runner.training.TrainingSearchSpec.PROXIES;
import static io.nas4j.runner.training.TrainingSearchSpec.checkLearningRate;
import static io.nas4j.runner.training.TrainingSearchSpec.checkProxyEarlyStop;
import static io.nas4j.runner.training.TrainingSearchSpec.checkProxyWorkers;
import static io.nas4j.runner.training.TrainingSearchSpec.checkWorkers;

/**
 * Fluent construction for library users and the command line; every setter replaces one field, and
 * what is never set takes its task's default ({@link TrainingSearchDefaults}) when {@link #build()}
 * resolves the spec. {@code build()} checks every setting, in a fixed order, and fails on the first
 * mistake with a {@link UserInputException} whose {@link UserInputException#field() field} is the
 * setting's name here ({@code dataFraction}, {@code maxParams}, {@code timeLimit}, ...).
 */
public final class TrainingSearchSpecBuilder {
    private String task;
    private String dataset;
    private String dataDir;
    private String space;
    private String strategy;
    private Map<String, Object> settings;
    private Collection<String> knownStrategies;
    private String backend;
    private Integer budget;
    private Long timeLimitSeconds;
    private String timeLimit;
    private Long seed;
    private Integer epochs;
    private Integer finalEpochs;
    private Integer batchSize;
    private Double learningRate;
    private String optimizer;
    private Double dataFraction;
    private Long maxParams;
    private Long maxMacs;
    private Double finalShare;
    private Double maxLatencyMs;
    private Integer workers;
    private Double widthMultiplier;
    private String earlyStop;
    private String proxy;
    private String device;
    private Path spaceFilePath;
    private SpaceFile spaceFile;
    private List<String> objectives;
    private Double maxMemoryMb;
    private Integer finalFront;
    private String baseline;
    private String augment;
    private Double weightDecay;
    private Strategies strategies;

    TrainingSearchSpecBuilder() {
    }

    /**
     * {@code classification} (the default), {@code volumetric} (the default when the data set is a
     * volume set) or {@code detection}; each has its own defaults.
     */
    public TrainingSearchSpecBuilder task(String value) {
        this.task = value;
        return this;
    }

    public TrainingSearchSpecBuilder dataset(String value, String directory) {
        this.dataset = value;
        this.dataDir = directory;
        return this;
    }

    public TrainingSearchSpecBuilder dataset(String value) {
        this.dataset = value;
        return this;
    }

    /** The folder (or for some sets the file) of the data set; made absolute when the spec is built. */
    public TrainingSearchSpecBuilder dataDir(String value) {
        this.dataDir = value;
        return this;
    }

    public TrainingSearchSpecBuilder space(String value) {
        this.space = value;
        return this;
    }

    public TrainingSearchSpecBuilder strategy(String value, Map<String, ?> strategySettings) {
        this.strategy = value;
        this.settings = new LinkedHashMap<>(strategySettings);
        return this;
    }

    public TrainingSearchSpecBuilder strategy(String value) {
        this.strategy = value;
        return this;
    }

    /** The strategy's settings; regularized evolution and the multi-fidelity strategies get sized defaults. */
    public TrainingSearchSpecBuilder settings(Map<String, ?> strategySettings) {
        this.settings = new LinkedHashMap<>(strategySettings);
        return this;
    }

    /** The strategies that can run, for example {@code Strategies.installed().names()}; the strategy must be one. */
    public TrainingSearchSpecBuilder knownStrategies(Collection<String> names) {
        this.knownStrategies = List.copyOf(names);
        return this;
    }

    /**
     * The strategies that can run: the strategy must be one, and with several {@link #objectives} one that keeps a
     * Pareto front ({@link TrainingObjectives#requireStrategy}).
     */
    public TrainingSearchSpecBuilder strategies(Strategies installed) {
        this.strategies = installed;
        this.knownStrategies = installed.names();
        return this;
    }

    /**
     * What the search optimises: {@code accuracy}, then any of {@code latency_ms}, {@code params}, {@code macs},
     * {@code memory_mb}, each once; an entry may hold several names separated by commas. Accuracy alone by default.
     */
    public TrainingSearchSpecBuilder objectives(List<String> names) {
        this.objectives = new ArrayList<>(names);
        return this;
    }

    public TrainingSearchSpecBuilder objectives(String... names) {
        return objectives(Arrays.asList(names));
    }

    /**
     * Candidates predicted to need more than this many megabytes to train a step at the batch size fail
     * untrained; must be positive; no limit unless set.
     */
    public TrainingSearchSpecBuilder maxMemoryMb(double value) {
        this.maxMemoryMb = value;
        return this;
    }

    /** With several objectives, how many members of the front are trained again and tested (default 3). */
    public TrainingSearchSpecBuilder finalFront(int value) {
        this.finalFront = value;
        return this;
    }

    /**
     * The hand-designed network trained after the search with the same wall time, to compare with:
     * {@code none}, or one of {@link HandDesignedBaseline#names(String, String)} for the task; the task's
     * default ({@link HandDesignedBaseline#defaultFor}) unless set.
     */
    public TrainingSearchSpecBuilder baseline(String value) {
        this.baseline = value;
        return this;
    }

    /**
     * What training batches of images go through: {@code none}, {@code standard}, or {@code flip},
     * {@code crop=P} and {@code edge-crop=P} joined by commas ({@link ClassificationData#augmentation}); the data
     * set's default unless set.
     */
    public TrainingSearchSpecBuilder augment(String value) {
        this.augment = value;
        return this;
    }

    /** L2 weight decay of every training of the search (default 0). */
    public TrainingSearchSpecBuilder weightDecay(double value) {
        this.weightDecay = value;
        return this;
    }

    public TrainingSearchSpecBuilder backend(String value) {
        this.backend = value;
        return this;
    }

    public TrainingSearchSpecBuilder budget(int trials, long timeLimitInSeconds) {
        this.budget = trials;
        this.timeLimitSeconds = timeLimitInSeconds;
        this.timeLimit = null;
        return this;
    }

    public TrainingSearchSpecBuilder budget(int trials) {
        this.budget = trials;
        return this;
    }

    /** The search's wall-time limit in seconds, final training included; 0 for none. */
    public TrainingSearchSpecBuilder timeLimitSeconds(long value) {
        this.timeLimitSeconds = value;
        this.timeLimit = null;
        return this;
    }

    /** The search's wall-time limit as text ({@link TimeLimit#seconds}: {@code 90s}, {@code 30m}, {@code PT1H}). */
    public TrainingSearchSpecBuilder timeLimit(String text) {
        this.timeLimit = text;
        this.timeLimitSeconds = null;
        return this;
    }

    public TrainingSearchSpecBuilder seed(long value) {
        this.seed = value;
        return this;
    }

    public TrainingSearchSpecBuilder training(int candidateEpochs, int finalTrainingEpochs, int examplesPerBatch, double rate) {
        this.epochs = candidateEpochs;
        this.finalEpochs = finalTrainingEpochs;
        this.batchSize = examplesPerBatch;
        this.learningRate = rate;
        return this;
    }

    public TrainingSearchSpecBuilder epochs(int value) {
        this.epochs = value;
        return this;
    }

    /**
     * Epochs of the final training; with a time limit, the most it trains, cut to what fits in the time the
     * search leaves. Unset with a time limit: {@value TrainingSearchDefaults#TIME_FILLING_FINAL_EPOCHS}, so the
     * final training fills that time as a hand-designed baseline does, except on volumes, which keep their
     * {@value TrainingSearchDefaults#VOLUMETRIC_FINAL_EPOCHS}; unset without one: the task's default.
     */
    public TrainingSearchSpecBuilder finalEpochs(int value) {
        this.finalEpochs = value;
        return this;
    }

    public TrainingSearchSpecBuilder batchSize(int value) {
        this.batchSize = value;
        return this;
    }

    public TrainingSearchSpecBuilder learningRate(double value) {
        this.learningRate = value;
        return this;
    }

    /** {@code adam} (the default) or {@code sgd}. */
    public TrainingSearchSpecBuilder optimizer(String value) {
        this.optimizer = value;
        return this;
    }

    public TrainingSearchSpecBuilder dataFraction(double value) {
        this.dataFraction = value;
        return this;
    }

    public TrainingSearchSpecBuilder maxParams(long value) {
        this.maxParams = value;
        return this;
    }

    /** Candidates with more multiply-adds per example fail untrained; 0 for no limit (the default but for detection). */
    public TrainingSearchSpecBuilder maxMacs(long value) {
        this.maxMacs = value;
        return this;
    }

    /**
     * Candidates predicted slower than this many milliseconds per example fail untrained; 0 (the default)
     * for no limit. Not for detection.
     */
    public TrainingSearchSpecBuilder maxLatencyMs(double value) {
        this.maxLatencyMs = value;
        return this;
    }

    /** With a time limit, the share of it kept for the final training (default 0.4). */
    public TrainingSearchSpecBuilder finalShare(double value) {
        this.finalShare = value;
        return this;
    }

    /**
     * Worker processes, 0 to {@value TrainingSearchSpec#MAX_WORKERS}; 0 (the library's default) trains in
     * this JVM. The command line's default, one per core up to four, is its own.
     */
    public TrainingSearchSpecBuilder workers(int value) {
        this.workers = value;
        return this;
    }

    /** The candidates' body channels scaled by this during the search, in (0, 1] (default 1). */
    public TrainingSearchSpecBuilder widthMultiplier(double value) {
        this.widthMultiplier = value;
        return this;
    }

    /** {@code none} (the default) or {@code curve}: stop candidates whose curve cannot beat the incumbent. */
    public TrainingSearchSpecBuilder earlyStop(String value) {
        this.earlyStop = value;
        return this;
    }

    /**
     * {@code none} (the default: candidates train) or a zero-cost proxy's name ({@code synflow},
     * {@code grad_norm}, {@code naswot}) that scores candidates untrained; needs {@code workers(0)}.
     * Classification only.
     */
    public TrainingSearchSpecBuilder proxy(String value) {
        this.proxy = value;
        return this;
    }

    /** {@code auto} (the default: a GPU where the engine sees one), {@code cpu} or {@code gpu}. */
    public TrainingSearchSpecBuilder device(String value) {
        this.device = value;
        return this;
    }

    /**
     * Searches the space defined in this file ({@link SpaceFile}) instead of a named one; {@link #build()}
     * reads it and refuses a {@link #space} given as well. Classification and volumetric tasks.
     */
    public TrainingSearchSpecBuilder spaceFile(Path file) {
        this.spaceFilePath = file;
        this.spaceFile = null;
        return this;
    }

    /** Searches the space defined in this space file's text, as {@link #spaceFile(Path)} does. */
    public TrainingSearchSpecBuilder spaceFile(SpaceFile definition) {
        this.spaceFile = definition;
        this.spaceFilePath = null;
        return this;
    }

    /**
     * The spec: every setting given, else its task's default, checked.
     *
     * @throws UserInputException naming the first setting at fault ({@link UserInputException#field()}),
     *                            its value and what is allowed; for a volumetric task also when the data
     *                            set's files are not where {@code dataDir} says
     */
    public TrainingSearchSpec build() {
        String chosenTask = TrainingSearchDefaults.task(task, dataset);
        if (chosenTask.equals(DetectionSearch.TASK)) {
            if (spaceFilePath != null || spaceFile != null) {
                throw UserInputException.of("spaceFile", "{spaceFile} defines chain, cell or volumetric spaces; a detection"
                        + " search searches the detector space");
            }
            if (proxy != null && !proxy.equals(NO_PROXY)) {
                throw UserInputException.of("proxy", "{proxy} scores classification networks; detection searches train"
                        + " their candidates");
            }
            return buildDetection();
        }
        SettingChecks.oneOf(chosenTask, "task", TrainingSearchDefaults.TASKS);
        boolean volumetric = chosenTask.equals(VolumetricData.TASK);
        String chosenDataset = SettingChecks.oneOf(or(dataset, volumetric ? TrainingSearchDefaults.VOLUMETRIC_DATASET
                : TrainingSearchDefaults.DATASET), "dataset", volumetric ? VolumetricData.NAMES : ClassificationData.NAMES);
        boolean digits = chosenDataset.equals(TrainingSearchDefaults.DATASET);
        SpaceFile chosenSpaceFile = spaceFilePath != null ? SpaceFile.read(spaceFilePath) : spaceFile;
        if (chosenSpaceFile != null && space != null) {
            throw UserInputException.of("spaceFile", "{spaceFile} defines the search space; leave {space} out, got {space} {}",
                    space);
        }
        String chosenSpace = chosenSpaceFile != null ? chosenSpaceFile.kind()
                : SettingChecks.oneOf(or(space, volumetric ? TrainingSearchDefaults.VOLUMETRIC_SPACE
                : TrainingSearchDefaults.SPACE), "space", TrainingSpaces.NAMES);
        String chosenStrategy = strategy();
        String chosenProxy = proxy == null ? NO_PROXY : SettingChecks.oneOf(proxy, "proxy", PROXIES);
        boolean scoredByProxy = !chosenProxy.equals(NO_PROXY);
        if (scoredByProxy && volumetric) {
            throw UserInputException.of("proxy", "{proxy} scores classification networks; volumetric searches train"
                    + " their candidates");
        }
        int chosenBudget = SettingChecks.atLeastOne(or(budget, scoredByProxy ? TrainingSearchDefaults.PROXY_BUDGET
                : volumetric ? TrainingSearchDefaults.VOLUMETRIC_BUDGET
                : digits ? TrainingSearchDefaults.DIGITS_BUDGET : TrainingSearchDefaults.BUDGET), "budget");
        long chosenTimeLimit = timeLimit(volumetric ? TrainingSearchDefaults.VOLUMETRIC_TIME_LIMIT_SECONDS : 0);
        int chosenWorkers = or(workers, TrainingSearchDefaults.WORKERS);
        checkWorkers(chosenWorkers);
        checkProxyWorkers(chosenProxy, chosenWorkers);
        int chosenEpochs = SettingChecks.atLeastOne(or(epochs, volumetric ? TrainingSearchDefaults.VOLUMETRIC_EPOCHS
                : digits ? TrainingSearchDefaults.DIGITS_EPOCHS : TrainingSearchDefaults.EPOCHS), "epochs");
        int chosenFinalEpochs = SettingChecks.atLeastOne(or(finalEpochs, volumetric
                ? TrainingSearchDefaults.VOLUMETRIC_FINAL_EPOCHS : chosenTimeLimit > 0
                ? TrainingSearchDefaults.TIME_FILLING_FINAL_EPOCHS
                : digits ? TrainingSearchDefaults.DIGITS_FINAL_EPOCHS : TrainingSearchDefaults.FINAL_EPOCHS), "finalEpochs");
        int chosenBatchSize = SettingChecks.atLeastOne(or(batchSize, volumetric
                ? TrainingSearchDefaults.VOLUMETRIC_BATCH_SIZE : TrainingSearchDefaults.BATCH_SIZE), "batchSize");
        double chosenLearningRate = or(learningRate, TrainingSearchDefaults.LEARNING_RATE);
        checkLearningRate(chosenLearningRate);
        String chosenOptimizer = SettingChecks.oneOf(or(optimizer, TrainingSearchDefaults.OPTIMIZER), "optimizer",
                TrainingSearchDefaults.OPTIMIZERS);
        long chosenMaxParams = SettingChecks.atLeastOne(or(maxParams, TrainingSearchDefaults.MAX_PARAMS), "maxParams");
        long chosenMaxMacs = SettingChecks.noneOrMore(or(maxMacs, 0L), "maxMacs");
        double chosenMaxLatencyMs = SettingChecks.noneOrMore(or(maxLatencyMs, 0.0), "maxLatencyMs");
        double chosenFinalShare = SettingChecks.positiveUpTo(or(finalShare, TrainingSearchDefaults.FINAL_SHARE), 1, true,
                "finalShare");
        double chosenDataFraction = SettingChecks.positiveUpTo(or(dataFraction, 1.0), 1, false, "dataFraction");
        double chosenWidth = SettingChecks.positiveUpTo(or(widthMultiplier, 1.0), 1, false, "widthMultiplier");
        String chosenEarlyStop = SettingChecks.oneOf(or(earlyStop, NO_EARLY_STOP), "earlyStop", EARLY_STOPS);
        checkProxyEarlyStop(chosenProxy, chosenEarlyStop);
        String chosenDataDir = absolute(dataDir);
        if (volumetric) {
            VolumetricData.requireFiles(chosenDataset, chosenDataDir);
        }
        if (chosenSpaceFile != null) {
            chosenSpaceFile.requireTask(volumetric);
        } else {
            VolumetricSpaces.requireFits(chosenSpace, volumetric);
        }
        List<String> chosenObjectives = objectives(chosenStrategy);
        return new TrainingSearchSpec(chosenTask, chosenDataset, chosenDataDir, chosenSpace, chosenStrategy,
                TrainingSearchDefaults.settings(chosenStrategy, chosenBudget, chosenEpochs, settings),
                or(backend, TrainingSearchDefaults.BACKEND), chosenBudget, chosenTimeLimit, or(seed, 0L), chosenEpochs,
                chosenFinalEpochs, chosenBatchSize, chosenLearningRate, chosenOptimizer, chosenDataFraction,
                chosenMaxParams, chosenWorkers, 0, chosenMaxMacs, chosenFinalShare, chosenMaxLatencyMs, chosenWidth,
                chosenEarlyStop, chosenProxy, device, chosenSpaceFile, chosenObjectives, maxMemoryMb(),
                finalFront(chosenObjectives), baseline, augment, or(weightDecay, 0.0));
    }

    /** A detection spec: detection's own defaults; no latency limit, full width, no early stopping. */
    private TrainingSearchSpec buildDetection() {
        String chosenDataset = SettingChecks.oneOf(or(dataset, TrainingSearchDefaults.DETECTION_DATASET), "dataset",
                DetectionData.NAMES);
        boolean embedded = chosenDataset.equals(TrainingSearchDefaults.DETECTION_DATASET);
        String chosenSpace = SettingChecks.oneOf(or(space, TrainingSearchDefaults.DETECTION_SPACE), "space",
                DetectionSearch.SPACES);
        String chosenStrategy = strategy();
        int chosenBudget = SettingChecks.atLeastOne(or(budget, TrainingSearchDefaults.DETECTION_BUDGET), "budget");
        long chosenTimeLimit = timeLimit(0);
        int chosenWorkers = or(workers, TrainingSearchDefaults.WORKERS);
        checkWorkers(chosenWorkers);
        int chosenEpochs = SettingChecks.atLeastOne(or(epochs, embedded ? TrainingSearchDefaults.DETECTION_EPOCHS
                : TrainingSearchDefaults.DETECTION_FOLDER_EPOCHS), "epochs");
        int chosenFinalEpochs = SettingChecks.atLeastOne(or(finalEpochs, chosenTimeLimit > 0
                ? TrainingSearchDefaults.TIME_FILLING_FINAL_EPOCHS : embedded
                ? TrainingSearchDefaults.DETECTION_FINAL_EPOCHS : TrainingSearchDefaults.DETECTION_FOLDER_FINAL_EPOCHS),
                "finalEpochs");
        int chosenBatchSize = SettingChecks.atLeastOne(or(batchSize, TrainingSearchDefaults.DETECTION_BATCH_SIZE),
                "batchSize");
        double chosenLearningRate = or(learningRate, TrainingSearchDefaults.DETECTION_LEARNING_RATE);
        checkLearningRate(chosenLearningRate);
        String chosenOptimizer = SettingChecks.oneOf(or(optimizer, TrainingSearchDefaults.OPTIMIZER), "optimizer",
                TrainingSearchDefaults.OPTIMIZERS);
        long chosenMaxParams = SettingChecks.atLeastOne(or(maxParams, TrainingSearchDefaults.MAX_PARAMS), "maxParams");
        long chosenMaxMacs = SettingChecks.noneOrMore(or(maxMacs, TrainingSearchDefaults.DETECTION_MAX_MACS), "maxMacs");
        double chosenFinalShare = SettingChecks.positiveUpTo(or(finalShare, TrainingSearchDefaults.FINAL_SHARE), 1, true,
                "finalShare");
        double chosenDataFraction = SettingChecks.positiveUpTo(or(dataFraction, 1.0), 1, false, "dataFraction");
        if (maxLatencyMs != null) {
            throw UserInputException.of("maxLatencyMs", "{maxLatencyMs} applies to classification and volumetric"
                    + " searches, not to detection");
        }
        List<String> chosenObjectives = objectives(chosenStrategy);
        return new TrainingSearchSpec(DetectionSearch.TASK, chosenDataset, absolute(dataDir), chosenSpace, chosenStrategy,
                TrainingSearchDefaults.settings(chosenStrategy, chosenBudget, chosenEpochs, settings),
                or(backend, TrainingSearchDefaults.BACKEND), chosenBudget, chosenTimeLimit, or(seed, 0L), chosenEpochs,
                chosenFinalEpochs, chosenBatchSize, chosenLearningRate, chosenOptimizer, chosenDataFraction,
                chosenMaxParams, chosenWorkers, 0, chosenMaxMacs, chosenFinalShare, 0, 1, NO_EARLY_STOP, NO_PROXY, device,
                null, chosenObjectives, maxMemoryMb(), finalFront(chosenObjectives), baseline, augment,
                or(weightDecay, 0.0));
    }

    private String strategy() {
        String chosen = or(strategy, TrainingSearchDefaults.STRATEGY);
        return knownStrategies == null ? chosen : SettingChecks.oneOf(chosen, "strategy", knownStrategies);
    }

    /** The objectives, checked, and against the strategy when the installed strategies are known. */
    private List<String> objectives(String chosenStrategy) {
        List<String> chosen = TrainingObjectives.check(or(objectives, TrainingObjectives.DEFAULT));
        if (strategies != null && chosen.size() > 1) {
            StrategyProvider provider = strategies.get(chosenStrategy);
            if (!provider.multiObjective()) {
                throw TrainingObjectives.refusal(provider, chosen, strategies);
            }
        }
        return chosen;
    }

    /** A given memory limit, which must be positive (a limit of 0 MB would fail every candidate); else 0, none. */
    private double maxMemoryMb() {
        if (maxMemoryMb == null) {
            return 0;
        }
        if (!(maxMemoryMb > 0) || Double.isInfinite(maxMemoryMb)) {
            throw UserInputException.of("maxMemoryMb", "{maxMemoryMb} must be a positive number of megabytes, got {};"
                    + " leave it out for no limit", Double.isFinite(maxMemoryMb)
                    ? java.math.BigDecimal.valueOf(maxMemoryMb).stripTrailingZeros().toPlainString() : maxMemoryMb);
        }
        return maxMemoryMb;
    }

    /** A given front size, which needs several objectives; else the default. */
    private int finalFront(List<String> chosenObjectives) {
        if (finalFront == null) {
            return TrainingObjectives.DEFAULT_FINAL_FRONT;
        }
        if (chosenObjectives.size() < 2) {
            throw UserInputException.of("finalFront", "{finalFront} applies to a search with several {objectives},"
                    + " for example accuracy,params; this one has accuracy alone");
        }
        return SettingChecks.atLeastOne(finalFront, "finalFront");
    }

    private long timeLimit(long fallback) {
        if (timeLimit != null) {
            return TimeLimit.seconds(timeLimit);
        }
        return SettingChecks.noneOrMore(or(timeLimitSeconds, fallback), "timeLimit");
    }

    private static String absolute(String directory) {
        if (directory == null || DataFolders.remote(directory)) {
            return directory;  // a URI of another file system is read where the job runs
        }
        return Path.of(directory).toAbsolutePath().normalize().toString();
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
