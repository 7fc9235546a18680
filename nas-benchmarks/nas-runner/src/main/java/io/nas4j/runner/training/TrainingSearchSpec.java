package io.nas4j.runner.training;

import io.nas4j.core.port.ZeroCostProxy;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.DataFolders;
import io.nas4j.core.port.ComputeDevice;
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
import java.util.Objects;

/**
 * Everything that defines a search that trains its candidates, resolved and validated: what a worker
 * process needs to rebuild the same estimator (it travels to workers as JSON), and what
 * {@code result.json} records as the configuration used.
 *
 * @param task               the task family, {@code classification}
 * @param dataset            {@code digits} (embedded), {@code mnist}, {@code fashion-mnist} or {@code cifar10}
 * @param dataDir            the folder of the data set's files; null for digits
 * @param space              {@code chain}, {@code nb201} or {@code macro}; with a space file, its kind ({@code chain},
 *                           {@code cell} or {@code volumetric})
 * @param strategy           the strategy's name
 * @param settings           the strategy's settings
 * @param backend            the training backend's name, for example {@code djl}
 * @param budget             trials
 * @param timeLimitSeconds   wall-time limit of the search in seconds; 0 for none
 * @param seed               the seed of data splits, strategy and training
 * @param epochs             epochs per candidate at full fidelity
 * @param finalEpochs        epochs of the final training of the best architecture on training + validation
 * @param batchSize          examples per step
 * @param learningRate       Adam's learning rate (or SGD's with optimizer sgd)
 * @param optimizer          {@code adam} or {@code sgd}
 * @param dataFraction       fraction of the training split each candidate trains on, in (0, 1]
 * @param maxParams          candidates with more parameters fail without training
 * @param workers            worker processes; 0 trains in this JVM
 * @param trialTimeoutSeconds a trial running longer fails; 0 for no limit
 * @param maxMacs            candidates with more multiply-adds per example fail without training; 0 for no limit
 * @param finalShare         with a time limit, the share of it kept for the final training, in (0, 1): the
 *                           search stops asking at {@code (1 - finalShare) * timeLimit} and the final training's
 *                           epochs are cut to what fits in the time left
 * @param maxLatencyMs       candidates whose latency per example (batch 1, one thread), predicted from the
 *                           backend's per-op lookup table and scaled by the space's calibration on this machine
 *                           ({@link LatencyTables#calibrated}), is higher fail without training; 0 for no limit
 * @param widthMultiplier    the candidates' body channels are scaled by this during the search, in (0, 1]
 *                           (a low fidelity; the final training builds the full width); 0 reads as 1, so a
 *                           spec written without it means full width
 * @param earlyStop          {@code none}, or {@code curve}: a candidate whose learning curve extrapolates below
 *                           the incumbent at its fidelity stops early ({@link io.nas4j.core.estimate.CurveStopping});
 *                           null reads as {@code none}
 * @param proxy              {@code none}: candidates train; or the {@link io.nas4j.core.port.ZeroCostProxy#metric() name}
 *                           of a zero-cost proxy ({@code synflow}, {@code grad_norm}, {@code naswot}): candidates are
 *                           scored untrained, in this JVM, and the search maximises the score; the best by score then
 *                           gets the final training. Null reads as {@code none}
 * @param device             where candidates and the final training run: {@code auto} (a GPU where the engine sees
 *                           one, else the CPU), {@code cpu} or {@code gpu} ({@link ComputeDevice}); null reads as
 *                           {@code auto}
 * @param spaceFile          the space defined in a file ({@link SpaceFile}) that the search searches instead of a
 *                           named one; null for none
 * @param objectives         what the search optimises, by name ({@link TrainingObjectives}): {@code accuracy}, then
 *                           any of {@code latency_ms}, {@code params}, {@code macs}, {@code memory_mb}; with more than
 *                           accuracy the search keeps a Pareto front and trains up to {@code finalFront} of its members
 *                           again; null reads as accuracy alone
 * @param maxMemoryMb        candidates whose peak training memory at {@code batchSize}, predicted from the IR
 *                           ({@link io.nas4j.core.network.TrainingMemory}), is higher fail without training; 0 for no
 *                           limit
 * @param finalFront         with several objectives, how many members of the front are trained again on training and
 *                           validation data and tested: the best by each objective, then a knee point, then the
 *                           members nearest it ({@link FrontSelection}); 0 reads as
 *                           {@value TrainingObjectives#DEFAULT_FINAL_FRONT}
 */
public record TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                                 Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                                 long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                                 String optimizer, double dataFraction, long maxParams, int workers,
                                 long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                                 double widthMultiplier, String earlyStop, String proxy, String device,
                                 SpaceFile spaceFile, List<String> objectives, double maxMemoryMb,
                                 int finalFront) {

    /** The values of {@link #earlyStop}. */
    public static final List<String> EARLY_STOPS = List.of("none", "curve");

    /** The share of a time limit kept for the final training unless a config says otherwise. */
    public static final double DEFAULT_FINAL_SHARE = TrainingSearchDefaults.FINAL_SHARE;

    /**
     * Checks every value on its own and against the others it depends on.
     *
     * @throws UserInputException naming the field at fault ({@link UserInputException#field()}), the value and
     *                            what is allowed
     */
    public TrainingSearchSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(optimizer, "optimizer");
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        SettingChecks.atLeastOne(budget, "budget");
        SettingChecks.noneOrMore(timeLimitSeconds, "timeLimit");
        checkWorkers(workers);
        SettingChecks.atLeastOne(epochs, "epochs");
        SettingChecks.atLeastOne(finalEpochs, "finalEpochs");
        SettingChecks.atLeastOne(batchSize, "batchSize");
        checkLearningRate(learningRate);
        SettingChecks.oneOf(optimizer, "optimizer", TrainingSearchDefaults.OPTIMIZERS);
        SettingChecks.atLeastOne(maxParams, "maxParams");
        SettingChecks.noneOrMore(maxMacs, "maxMacs");
        SettingChecks.noneOrMore(maxLatencyMs, "maxLatencyMs");
        SettingChecks.positiveUpTo(finalShare, 1, true, "finalShare");
        SettingChecks.positiveUpTo(dataFraction, 1, false, "dataFraction");
        widthMultiplier = widthMultiplier == 0 ? 1 : widthMultiplier;
        SettingChecks.positiveUpTo(widthMultiplier, 1, false, "widthMultiplier");
        earlyStop = earlyStop == null ? NO_EARLY_STOP : earlyStop;
        SettingChecks.oneOf(earlyStop, "earlyStop", EARLY_STOPS);
        proxy = proxy == null ? NO_PROXY : proxy;
        SettingChecks.oneOf(proxy, "proxy", PROXIES);
        checkProxyWorkers(proxy, workers);
        checkProxyEarlyStop(proxy, earlyStop);
        SettingChecks.noneOrMore(trialTimeoutSeconds, "trialTimeout");
        device = ComputeDevice.named(device).label();
        if (spaceFile != null && !space.equals(spaceFile.kind())) {
            throw UserInputException.of("space", "{space} must be the kind of space {spaceFile} defines, {}, got {}",
                    spaceFile.kind(), space);
        }
        objectives = TrainingObjectives.check(objectives == null ? TrainingObjectives.DEFAULT : objectives);
        SettingChecks.noneOrMore(maxMemoryMb, "maxMemoryMb");
        finalFront = finalFront == 0 ? TrainingObjectives.DEFAULT_FINAL_FRONT : SettingChecks.atLeastOne(finalFront, "finalFront");
        checkObjectives(objectives, task, proxy, earlyStop);
    }

    /** A spec that searches a named space (no space file) with validation accuracy its one objective and no memory limit. */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                              double widthMultiplier, String earlyStop, String proxy, String device) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy, device, null, null, 0, 0);
    }

    /** Whether the search has more objectives than accuracy, and so keeps a Pareto front. */
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /**
     * The settings that would optimise accuracy alone or stop on it are refused with several objectives: a
     * proxy's score stands in for accuracy and nothing else, and curve stopping would stop a small, less
     * accurate network that belongs on the front. Detection has no latency table, so no latency objective.
     */
    private static void checkObjectives(List<String> objectives, String task, String proxy, String earlyStop) {
        if (objectives.size() > 1 && !proxy.equals(NO_PROXY)) {
            throw UserInputException.of("objectives", "{objectives} {} needs trained candidates; {proxy} {} scores one"
                    + " objective untrained", String.join(",", objectives), proxy);
        }
        if (objectives.size() > 1 && !earlyStop.equals(NO_EARLY_STOP)) {
            throw UserInputException.of("earlyStop", "{earlyStop} {} stops candidates on accuracy alone; with {objectives}"
                    + " {} a less accurate network may belong on the front", earlyStop, String.join(",", objectives));
        }
        if (task.equals(DetectionSearch.TASK) && objectives.contains(TrainingObjectives.LATENCY)) {
            throw UserInputException.of("objectives", "{objectives} latency_ms applies to classification and volumetric"
                    + " searches, not to detection; allowed there: accuracy, params, macs, memory_mb");
        }
    }

    /** A spec whose backend picks its device ({@code auto}). */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                              double widthMultiplier, String earlyStop, String proxy) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy, null);
    }

    /** The device candidates and the final training run on ({@link #device}). */
    public ComputeDevice computeDevice() {
        return ComputeDevice.named(device);
    }

    /** The value of {@link #earlyStop} for candidates that train to the end. */
    public static final String NO_EARLY_STOP = "none";

    /** The values of {@link #proxy}: {@value #NO_PROXY}, then every zero-cost proxy's name. */
    public static final List<String> PROXIES = proxies();

    /** The most worker processes a search may ask for. */
    public static final int MAX_WORKERS = 64;

    private static List<String> proxies() {
        List<String> names = new ArrayList<>(List.of("none"));
        Arrays.stream(ZeroCostProxy.values()).map(ZeroCostProxy::metric).forEach(names::add);
        return List.copyOf(names);
    }

    private static void checkWorkers(int workers) {
        if (workers < 0 || workers > MAX_WORKERS) {
            throw UserInputException.of("workers", "{workers} must be between 0 and {}, got {}", MAX_WORKERS, workers);
        }
    }

    private static void checkLearningRate(double learningRate) {
        SettingChecks.positiveUpTo(learningRate, 10, false, "learningRate");
    }

    private static void checkProxyWorkers(String proxy, int workers) {
        if (!proxy.equals(NO_PROXY) && workers != 0) {
            throw UserInputException.of("proxy", "{proxy} scores candidates in this process; leave {workers} out or set it"
                    + " to 0, got {}", workers);
        }
    }

    private static void checkProxyEarlyStop(String proxy, String earlyStop) {
        if (!proxy.equals(NO_PROXY) && !earlyStop.equals(NO_EARLY_STOP)) {
            throw UserInputException.of("earlyStop", "{earlyStop} {} stops training early; with {proxy} no candidate trains",
                    earlyStop);
        }
    }

    /** The value of {@link #proxy} for a search that trains its candidates. */
    public static final String NO_PROXY = "none";

    /** A spec whose candidates train (no zero-cost proxy). */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                              double widthMultiplier, String earlyStop) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, NO_PROXY);
    }

    /** Whether candidates are scored by a zero-cost proxy rather than trained. */
    public boolean scoredByProxy() {
        return !proxy.equals(NO_PROXY);
    }

    /** A spec without a latency limit, at full width, without early stopping. */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, 0, 1, "none");
    }

    /** Seconds the search itself may run: the time limit less the final training's share; 0 for no limit. */
    public long searchSeconds() {
        return timeLimitSeconds == 0 ? 0 : Math.max(1, Math.round(timeLimitSeconds * (1 - finalShare)));
    }

    /**
     * A builder starting from {@link TrainingSearchDefaults}: with nothing given, a short classification
     * search on the embedded digits (chain space, regularized evolution, 20 trials of 8 epochs, a final
     * training of 40 epochs, Adam 0.002, batch 64, backend {@code djl}, trials in this JVM).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fluent construction for library users and the command line; every setter replaces one field, and
     * what is never set takes its task's default ({@link TrainingSearchDefaults}) when {@link #build()}
     * resolves the spec. {@code build()} checks every setting, in a fixed order, and fails on the first
     * mistake with a {@link UserInputException} whose {@link UserInputException#field() field} is the
     * setting's name here ({@code dataFraction}, {@code maxParams}, {@code timeLimit}, ...).
     */
    public static final class Builder {
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
        private Strategies strategies;

        private Builder() {
        }

        /**
         * {@code classification} (the default), {@code volumetric} (the default when the data set is a
         * volume set) or {@code detection}; each has its own defaults.
         */
        public Builder task(String value) {
            this.task = value;
            return this;
        }

        public Builder dataset(String value, String directory) {
            this.dataset = value;
            this.dataDir = directory;
            return this;
        }

        public Builder dataset(String value) {
            this.dataset = value;
            return this;
        }

        /** The folder (or for some sets the file) of the data set; made absolute when the spec is built. */
        public Builder dataDir(String value) {
            this.dataDir = value;
            return this;
        }

        public Builder space(String value) {
            this.space = value;
            return this;
        }

        public Builder strategy(String value, Map<String, ?> strategySettings) {
            this.strategy = value;
            this.settings = new LinkedHashMap<>(strategySettings);
            return this;
        }

        public Builder strategy(String value) {
            this.strategy = value;
            return this;
        }

        /** The strategy's settings; regularized evolution and the multi-fidelity strategies get sized defaults. */
        public Builder settings(Map<String, ?> strategySettings) {
            this.settings = new LinkedHashMap<>(strategySettings);
            return this;
        }

        /** The strategies that can run, for example {@code Strategies.installed().names()}; the strategy must be one. */
        public Builder knownStrategies(Collection<String> names) {
            this.knownStrategies = List.copyOf(names);
            return this;
        }

        /**
         * The strategies that can run: the strategy must be one, and with several {@link #objectives} one that keeps a
         * Pareto front ({@link TrainingObjectives#requireStrategy}).
         */
        public Builder strategies(Strategies installed) {
            this.strategies = installed;
            this.knownStrategies = installed.names();
            return this;
        }

        /**
         * What the search optimises: {@code accuracy}, then any of {@code latency_ms}, {@code params}, {@code macs},
         * {@code memory_mb}, each once; an entry may hold several names separated by commas. Accuracy alone by default.
         */
        public Builder objectives(List<String> names) {
            this.objectives = new ArrayList<>(names);
            return this;
        }

        public Builder objectives(String... names) {
            return objectives(Arrays.asList(names));
        }

        /**
         * Candidates predicted to need more than this many megabytes to train a step at the batch size fail
         * untrained; must be positive; no limit unless set.
         */
        public Builder maxMemoryMb(double value) {
            this.maxMemoryMb = value;
            return this;
        }

        /** With several objectives, how many members of the front are trained again and tested (default 3). */
        public Builder finalFront(int value) {
            this.finalFront = value;
            return this;
        }

        public Builder backend(String value) {
            this.backend = value;
            return this;
        }

        public Builder budget(int trials, long timeLimitInSeconds) {
            this.budget = trials;
            this.timeLimitSeconds = timeLimitInSeconds;
            this.timeLimit = null;
            return this;
        }

        public Builder budget(int trials) {
            this.budget = trials;
            return this;
        }

        /** The search's wall-time limit in seconds, final training included; 0 for none. */
        public Builder timeLimitSeconds(long value) {
            this.timeLimitSeconds = value;
            this.timeLimit = null;
            return this;
        }

        /** The search's wall-time limit as text ({@link TimeLimit#seconds}: {@code 90s}, {@code 30m}, {@code PT1H}). */
        public Builder timeLimit(String text) {
            this.timeLimit = text;
            this.timeLimitSeconds = null;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder training(int candidateEpochs, int finalTrainingEpochs, int examplesPerBatch, double rate) {
            this.epochs = candidateEpochs;
            this.finalEpochs = finalTrainingEpochs;
            this.batchSize = examplesPerBatch;
            this.learningRate = rate;
            return this;
        }

        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        public Builder finalEpochs(int value) {
            this.finalEpochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** {@code adam} (the default) or {@code sgd}. */
        public Builder optimizer(String value) {
            this.optimizer = value;
            return this;
        }

        public Builder dataFraction(double value) {
            this.dataFraction = value;
            return this;
        }

        public Builder maxParams(long value) {
            this.maxParams = value;
            return this;
        }

        /** Candidates with more multiply-adds per example fail untrained; 0 for no limit (the default but for detection). */
        public Builder maxMacs(long value) {
            this.maxMacs = value;
            return this;
        }

        /**
         * Candidates predicted slower than this many milliseconds per example fail untrained; 0 (the default)
         * for no limit. Not for detection.
         */
        public Builder maxLatencyMs(double value) {
            this.maxLatencyMs = value;
            return this;
        }

        /** With a time limit, the share of it kept for the final training (default 0.4). */
        public Builder finalShare(double value) {
            this.finalShare = value;
            return this;
        }

        /**
         * Worker processes, 0 to {@value TrainingSearchSpec#MAX_WORKERS}; 0 (the library's default) trains in
         * this JVM. The command line's default, one per core up to four, is its own.
         */
        public Builder workers(int value) {
            this.workers = value;
            return this;
        }

        /** The candidates' body channels scaled by this during the search, in (0, 1] (default 1). */
        public Builder widthMultiplier(double value) {
            this.widthMultiplier = value;
            return this;
        }

        /** {@code none} (the default) or {@code curve}: stop candidates whose curve cannot beat the incumbent. */
        public Builder earlyStop(String value) {
            this.earlyStop = value;
            return this;
        }

        /**
         * {@code none} (the default: candidates train) or a zero-cost proxy's name ({@code synflow},
         * {@code grad_norm}, {@code naswot}) that scores candidates untrained; needs {@code workers(0)}.
         * Classification only.
         */
        public Builder proxy(String value) {
            this.proxy = value;
            return this;
        }

        /** {@code auto} (the default: a GPU where the engine sees one), {@code cpu} or {@code gpu}. */
        public Builder device(String value) {
            this.device = value;
            return this;
        }

        /**
         * Searches the space defined in this file ({@link SpaceFile}) instead of a named one; {@link #build()}
         * reads it and refuses a {@link #space} given as well. Classification and volumetric tasks.
         */
        public Builder spaceFile(Path file) {
            this.spaceFilePath = file;
            this.spaceFile = null;
            return this;
        }

        /** Searches the space defined in this space file's text, as {@link #spaceFile(Path)} does. */
        public Builder spaceFile(SpaceFile definition) {
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
                    ? TrainingSearchDefaults.VOLUMETRIC_FINAL_EPOCHS
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
                    finalFront(chosenObjectives));
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
            int chosenFinalEpochs = SettingChecks.atLeastOne(or(finalEpochs, embedded
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
                    null, chosenObjectives, maxMemoryMb(), finalFront(chosenObjectives));
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
}
