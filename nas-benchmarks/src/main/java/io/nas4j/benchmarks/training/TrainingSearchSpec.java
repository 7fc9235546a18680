package io.nas4j.benchmarks.training;

import java.util.LinkedHashMap;
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
 * @param space              {@code chain}, {@code nb201} or {@code macro}
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
 */
public record TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                                 Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                                 long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                                 String optimizer, double dataFraction, long maxParams, int workers,
                                 long trialTimeoutSeconds) {

    public TrainingSearchSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(optimizer, "optimizer");
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }
}
