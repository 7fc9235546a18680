package io.nas4j.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code nas search}, as a configuration file holds them and as command-line flags give
 * them. Every field may be null (not given); {@link #overriddenBy} layers flags over a file, and the
 * command fills what is still missing with its defaults and validates the result.
 *
 * @param task        the task family, {@code classification}
 * @param dataset     the data set: a table's data set for the tabular backend, else {@code digits},
 *                    {@code mnist}, {@code fashion-mnist} or {@code cifar10}
 * @param space       search space name, for example {@code chain} or {@code nb201}
 * @param strategy    strategy name
 * @param backend     how trials are evaluated: {@code djl} trains, {@code tabular} looks up
 * @param budget      trials
 * @param timeLimit   wall-time limit of the search, for example {@code 30m}, {@code 1h}, {@code PT90S}
 * @param workers     worker processes for training backends; 0 trains in the CLI's own JVM
 * @param seed        the seed
 * @param dataDir     the folder holding the data files, or its parent
 * @param out         the output folder
 * @param epochs      epochs per candidate
 * @param finalEpochs epochs of the final training of the best architecture
 * @param batchSize   examples per training step
 * @param learningRate the optimiser's learning rate
 * @param maxParams   candidates with more parameters fail without training
 * @param dataFraction the share of the training split each candidate trains on (the final training uses all)
 * @param settings    the strategy's hyperparameters
 * @param maxMacs     candidates with more multiply-adds per example fail without training; 0 for no limit
 * @param finalShare  with a time limit, the share of it kept for the final training, in (0, 1)
 * @param maxLatencyMs candidates whose predicted latency per example (batch 1, one thread, from the
 *                    backend's per-op lookup table) is higher fail without training; 0 for no limit
 * @param widthMultiplier the candidates' body channels are scaled by this during the search, in (0, 1]
 * @param earlyStop   {@code none} or {@code curve}: stop candidates whose learning curve cannot beat the incumbent
 * @param proxy       {@code none} (train every candidate), or a zero-cost proxy ({@code synflow}, {@code grad_norm},
 *                    {@code naswot}) that scores candidates untrained and that the search maximises instead
 * @param device      {@code auto} (a GPU where the engine sees one), {@code cpu} or {@code gpu}
 * @param estimator   {@code trained} (each candidate is trained) or {@code supernet} (one weight-sharing supernet is
 *                    trained and candidates are scored by the weights they inherit)
 * @param retrainTop  with the supernet estimator: how many of the best candidates are trained stand-alone to pick
 *                    the final one
 * @param supernetOut with a single-path supernet: the folder to save the trained supernet in
 * @param supernetFrom with a single-path supernet: a folder a search saved one in, searched without training
 * @param spaceFile   a YAML file defining the space to search instead of {@code space}
 *                    ({@link io.nas4j.runner.space.SpaceFile}); in a config file, relative to the file's folder
 * @param objectives  what the search optimises: {@code accuracy}, then any of {@code latency_ms}, {@code params},
 *                    {@code macs}, {@code memory_mb}; a list, or one text with the names separated by commas
 * @param maxMemoryMb candidates predicted to need more megabytes to train a step at the batch size fail untrained
 * @param finalFront  with several objectives, how many members of the Pareto front are trained again and tested
 * @param baseline    the hand-designed network trained with the search's wall time to compare with: {@code none},
 *                    {@code lenet}, {@code resnet8}, {@code resnet20} (classification), {@code single-stage}
 *                    (detection), {@code cnn3d} (volumetric)
 * @param repeat      how many searches to run, each with the next seed, each in its own folder under {@code out},
 *                    compared with their baselines seed by seed
 * @param augment     what is done to training batches of images: {@code none}, {@code standard}, or {@code flip},
 *                    {@code crop=P} and {@code edge-crop=P} joined by commas (the data set's default when null)
 * @param weightDecay the L2 weight decay of every training (candidates, final training, baseline); 0 for none
 */
public record SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                           String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                           Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                           Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare,
                           Double maxLatencyMs, Double widthMultiplier, String earlyStop, String proxy, String device,
                           String estimator, Integer retrainTop, String supernetOut, String supernetFrom,
                           String spaceFile, List<String> objectives, Double maxMemoryMb, Integer finalFront,
                           String baseline, Integer repeat, String augment, Double weightDecay) {

    public SearchConfig {
        settings = settings == null ? null : new LinkedHashMap<>(settings);
        objectives = objectives == null ? null : new ArrayList<>(objectives);
    }

    /** A configuration that leaves augmentation and weight decay to the defaults. */
    public SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                        String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                        Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                        Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare,
                        Double maxLatencyMs, Double widthMultiplier, String earlyStop, String proxy, String device,
                        String estimator, Integer retrainTop, String supernetOut, String supernetFrom,
                        String spaceFile, List<String> objectives, Double maxMemoryMb, Integer finalFront,
                        String baseline, Integer repeat) {
        this(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out, epochs, finalEpochs,
                batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare, maxLatencyMs,
                widthMultiplier, earlyStop, proxy, device, estimator, retrainTop, supernetOut, supernetFrom, spaceFile,
                objectives, maxMemoryMb, finalFront, baseline, repeat, null, null);
    }

    /** A configuration without a baseline or repeats. */
    public SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                        String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                        Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                        Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare,
                        Double maxLatencyMs, Double widthMultiplier, String earlyStop, String proxy, String device,
                        String estimator, Integer retrainTop, String supernetOut, String supernetFrom,
                        String spaceFile, List<String> objectives, Double maxMemoryMb, Integer finalFront) {
        this(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out, epochs, finalEpochs,
                batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare, maxLatencyMs,
                widthMultiplier, earlyStop, proxy, device, estimator, retrainTop, supernetOut, supernetFrom, spaceFile,
                objectives, maxMemoryMb, finalFront, null, null);
    }

    /** A configuration that names its space (no space file), with validation accuracy its one objective and no memory limit. */
    public SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                        String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                        Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                        Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare,
                        Double maxLatencyMs, Double widthMultiplier, String earlyStop, String proxy, String device,
                        String estimator, Integer retrainTop, String supernetOut, String supernetFrom) {
        this(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out, epochs, finalEpochs,
                batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare, maxLatencyMs,
                widthMultiplier, earlyStop, proxy, device, estimator, retrainTop, supernetOut, supernetFrom, null, null,
                null, null);
    }


    /** A configuration whose candidates are each trained (no estimator chosen). */
    public SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                        String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                        Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                        Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare,
                        Double maxLatencyMs, Double widthMultiplier, String earlyStop, String proxy, String device) {
        this(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out, epochs, finalEpochs,
                batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare, maxLatencyMs,
                widthMultiplier, earlyStop, proxy, device, null, null, null, null);
    }

    /** A configuration that leaves the device to the engine. */
    public SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                        String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                        Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                        Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare,
                        Double maxLatencyMs, Double widthMultiplier, String earlyStop, String proxy) {
        this(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out, epochs, finalEpochs,
                batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare, maxLatencyMs,
                widthMultiplier, earlyStop, proxy, null);
    }

    /** A configuration without a latency limit, low-fidelity and early-stopping settings. */
    public SearchConfig(String task, String dataset, String space, String strategy, String backend, Integer budget,
                        String timeLimit, Integer workers, Long seed, String dataDir, String out, Integer epochs,
                        Integer finalEpochs, Integer batchSize, Double learningRate, Long maxParams,
                        Double dataFraction, Map<String, Object> settings, Long maxMacs, Double finalShare) {
        this(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out, epochs, finalEpochs,
                batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare, null, null, null, null);
    }

    /** A configuration that gives nothing. */
    public static SearchConfig empty() {
        return new SearchConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** This configuration with its relative paths taken relative to {@code base} (a config file's folder). */
    public SearchConfig relativeTo(Path base) {
        return new SearchConfig(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed,
                Paths.resolve(base, dataDir), Paths.resolve(base, out), epochs, finalEpochs, batchSize, learningRate,
                maxParams, dataFraction, settings, maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy,
                device, estimator, retrainTop, Paths.resolve(base, supernetOut), Paths.resolve(base, supernetFrom),
                Paths.resolve(base, spaceFile), objectives, maxMemoryMb, finalFront, baseline, repeat, augment,
                weightDecay);
    }

    /** One search of a repeated one: this configuration with {@code seed} and {@code out}, and no repeats. */
    public SearchConfig repetition(long seed, String out) {
        return new SearchConfig(task, dataset, space, strategy, backend, budget, timeLimit, workers, seed, dataDir, out,
                epochs, finalEpochs, batchSize, learningRate, maxParams, dataFraction, settings, maxMacs, finalShare,
                maxLatencyMs, widthMultiplier, earlyStop, proxy, device, estimator, retrainTop, supernetOut, supernetFrom,
                spaceFile, objectives, maxMemoryMb, finalFront, baseline, null, augment, weightDecay);
    }

    /** This configuration with every field that {@code overrides} gives replaced; settings are merged. */
    public SearchConfig overriddenBy(SearchConfig overrides) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (settings != null) {
            merged.putAll(settings);
        }
        if (overrides.settings != null) {
            merged.putAll(overrides.settings);
        }
        return new SearchConfig(
                pick(overrides.task, task),
                pick(overrides.dataset, dataset),
                pick(overrides.space, space),
                pick(overrides.strategy, strategy),
                pick(overrides.backend, backend),
                pick(overrides.budget, budget),
                pick(overrides.timeLimit, timeLimit),
                pick(overrides.workers, workers),
                pick(overrides.seed, seed),
                pick(overrides.dataDir, dataDir),
                pick(overrides.out, out),
                pick(overrides.epochs, epochs),
                pick(overrides.finalEpochs, finalEpochs),
                pick(overrides.batchSize, batchSize),
                pick(overrides.learningRate, learningRate),
                pick(overrides.maxParams, maxParams),
                pick(overrides.dataFraction, dataFraction),
                merged.isEmpty() ? null : merged,
                pick(overrides.maxMacs, maxMacs),
                pick(overrides.finalShare, finalShare),
                pick(overrides.maxLatencyMs, maxLatencyMs),
                pick(overrides.widthMultiplier, widthMultiplier),
                pick(overrides.earlyStop, earlyStop),
                pick(overrides.proxy, proxy),
                pick(overrides.device, device),
                pick(overrides.estimator, estimator),
                pick(overrides.retrainTop, retrainTop),
                pick(overrides.supernetOut, supernetOut),
                pick(overrides.supernetFrom, supernetFrom),
                pick(overrides.spaceFile, spaceFile),
                pick(overrides.objectives, objectives),
                pick(overrides.maxMemoryMb, maxMemoryMb),
                pick(overrides.finalFront, finalFront),
                pick(overrides.baseline, baseline),
                pick(overrides.repeat, repeat),
                pick(overrides.augment, augment),
                pick(overrides.weightDecay, weightDecay));
    }

    private static <T> T pick(T override, T value) {
        return override != null ? override : value;
    }
}
