package io.nas4j.runner.training;

import io.nas4j.core.port.ZeroCostProxy;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.ComputeDevice;
import io.nas4j.runner.space.SpaceFile;

import java.util.ArrayList;
import java.util.Arrays;
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
 * @param finalEpochs        epochs of the final training of the best architecture on training + validation; with
 *                           a time limit, the most it trains, cut to what fits in the time left
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
 * @param baseline           the hand-designed network trained after the search with the same wall time, to compare
 *                           with ({@link HandDesignedBaseline}): {@code none}, or for classification {@code lenet},
 *                           {@code resnet8}, {@code resnet20}, for detection {@code single-stage}, for volumetric
 *                           searches {@code cnn3d}; null reads as the task's default (volumetric {@code cnn3d},
 *                           else {@code none})
 * @param augment            what training batches of images go through ({@link ClassificationData#augmentation}):
 *                           {@code none}, {@code standard}, or {@code flip}, {@code crop=P} and {@code edge-crop=P}
 *                           joined by commas; null reads as the data set's default ({@code standard} for
 *                           {@code cifar10}, else {@code none}); detection and volumes take {@code none} only
 * @param weightDecay        L2 weight decay of every training of the search: candidates, the final training and the
 *                           baseline; 0 for none
 */
public record TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                                 Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                                 long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                                 String optimizer, double dataFraction, long maxParams, int workers,
                                 long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                                 double widthMultiplier, String earlyStop, String proxy, String device,
                                 SpaceFile spaceFile, List<String> objectives, double maxMemoryMb,
                                 int finalFront, String baseline, String augment, double weightDecay) {

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
        baseline = HandDesignedBaseline.check(baseline, task, dataset);
        augment = ClassificationData.checkAugment(augment, task, dataset);
        checkWeightDecay(weightDecay);
    }

    /**
     * {@code weightDecay} when it is 0 (none) or a finite positive number, the check every search's weight decay
     * passes.
     *
     * @throws UserInputException naming {@code weightDecay} otherwise
     */
    public static double checkWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw UserInputException.of("weightDecay", "{weightDecay} must be 0 (none) or more, got {}", weightDecay);
        }
        return weightDecay;
    }

    /** As the canonical constructor, with the data set's default augmentation and no weight decay. */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                              double widthMultiplier, String earlyStop, String proxy, String device,
                              SpaceFile spaceFile, List<String> objectives, double maxMemoryMb, int finalFront,
                              String baseline) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy, device, spaceFile, objectives,
                maxMemoryMb, finalFront, baseline, null, 0);
    }

    /** As the canonical constructor, with the task's default baseline. */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                              double widthMultiplier, String earlyStop, String proxy, String device,
                              SpaceFile spaceFile, List<String> objectives, double maxMemoryMb, int finalFront) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy, device, spaceFile, objectives,
                maxMemoryMb, finalFront, null);
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

    static void checkWorkers(int workers) {
        if (workers < 0 || workers > MAX_WORKERS) {
            throw UserInputException.of("workers", "{workers} must be between 0 and {}, got {}", MAX_WORKERS, workers);
        }
    }

    static void checkLearningRate(double learningRate) {
        SettingChecks.positiveUpTo(learningRate, 10, false, "learningRate");
    }

    static void checkProxyWorkers(String proxy, int workers) {
        if (!proxy.equals(NO_PROXY) && workers != 0) {
            throw UserInputException.of("proxy", "{proxy} scores candidates in this process; leave {workers} out or set it"
                    + " to 0, got {}", workers);
        }
    }

    static void checkProxyEarlyStop(String proxy, String earlyStop) {
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
    public static TrainingSearchSpecBuilder builder() {
        return new TrainingSearchSpecBuilder();
    }
}
