package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.runner.training.DetectionData;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.EpochRungs;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.core.search.Strategies;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The defaults of a detection search ({@code --task detection}) and the checks of its settings. With no
 * other flag it searches the detector space on the embedded digit canvases: regularized evolution, 10
 * candidates of 5 epochs (Adam 0.01, cosine, batch 32), a final training of 15 epochs, candidates over 20
 * million multiply-adds per image failing untrained, so that it finishes in minutes on two cores. Sets read
 * from a folder are small, so their candidates train 30 epochs and the final detector 60.
 */
final class DetectionDefaults {

    static final String DATASET = DetectionData.DIGIT_CANVASES;
    static final String SPACE = "detector";
    static final int BUDGET = 10;
    static final int EPOCHS = 5;
    static final int FINAL_EPOCHS = 15;
    /** A folder's set is small (the raccoon set trains on 128 images): more passes for as many steps. */
    static final int FOLDER_EPOCHS = 30;
    static final int FOLDER_FINAL_EPOCHS = 60;
    static final int BATCH_SIZE = 32;
    static final double LEARNING_RATE = 0.01;
    static final long MAX_MACS = 20_000_000L;

    private DetectionDefaults() {
    }

    static TrainingSearchSpec resolve(SearchConfig merged, String backend, Strategies installed) {
        String dataset = Inputs.oneOf(merged.dataset() != null ? merged.dataset() : DATASET, "--dataset", DetectionData.NAMES);
        String space = Inputs.oneOf(merged.space() != null ? merged.space() : SPACE, "--space", DetectionSearch.SPACES);
        String strategy = Inputs.oneOf(merged.strategy() != null ? merged.strategy() : TrainingDefaults.STRATEGY,
                "--strategy", installed.names());
        int budget = Inputs.atLeastOne(merged.budget() != null ? merged.budget() : BUDGET, "--budget");
        long timeLimit = merged.timeLimit() == null ? 0 : TrainingDefaults.seconds(merged.timeLimit());
        int processors = Runtime.getRuntime().availableProcessors();
        int workers = merged.workers() != null ? merged.workers() : Math.max(1, Math.min(4, processors));
        if (workers < 0 || workers > 64) {
            throw new UserInputException("--workers must be between 0 and 64, got " + workers);
        }
        boolean embedded = dataset.equals(DATASET);
        int epochs = Inputs.atLeastOne(merged.epochs() != null ? merged.epochs() : embedded ? EPOCHS : FOLDER_EPOCHS,
                "--epochs");
        int finalEpochs = Inputs.atLeastOne(merged.finalEpochs() != null ? merged.finalEpochs()
                : embedded ? FINAL_EPOCHS : FOLDER_FINAL_EPOCHS, "--final-epochs");
        int batchSize = Inputs.atLeastOne(merged.batchSize() != null ? merged.batchSize() : BATCH_SIZE, "--batch-size");
        double learningRate = merged.learningRate() != null ? merged.learningRate() : LEARNING_RATE;
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new UserInputException("--learning-rate must be in (0, 10], got " + learningRate);
        }
        long maxParams = merged.maxParams() != null ? merged.maxParams() : 5_000_000L;
        if (maxParams < 1) {
            throw new UserInputException("--max-params must be at least 1, got " + maxParams);
        }
        long maxMacs = merged.maxMacs() != null ? merged.maxMacs() : MAX_MACS;
        if (maxMacs < 0) {
            throw new UserInputException("--max-macs must be 0 (no limit) or more, got " + maxMacs);
        }
        double finalShare = merged.finalShare() != null ? merged.finalShare() : TrainingSearchSpec.DEFAULT_FINAL_SHARE;
        if (!(finalShare > 0 && finalShare < 1)) {
            throw new UserInputException("--final-share must be in (0, 1), got " + finalShare);
        }
        double dataFraction = merged.dataFraction() != null ? merged.dataFraction() : 1.0;
        if (!(dataFraction > 0 && dataFraction <= 1)) {
            throw new UserInputException("--data-fraction must be in (0, 1], got " + dataFraction);
        }
        if (merged.maxLatencyMs() != null) {
            throw new UserInputException("--max-latency-ms applies to classification and volumetric searches, not to detection");
        }
        long seed = merged.seed() != null ? merged.seed() : 0;
        String dataDir = merged.dataDir() == null ? null : Path.of(merged.dataDir()).toAbsolutePath().normalize().toString();
        return new TrainingSearchSpec(DetectionSearch.TASK, dataset, dataDir, space, strategy,
                settings(strategy, budget, epochs, merged.settings()), backend, budget, timeLimit, seed, epochs, finalEpochs,
                batchSize, learningRate, "adam", dataFraction, maxParams, workers, 0, maxMacs, finalShare);
    }

    /**
     * Regularized evolution's population sized to the budget, and the multi-fidelity strategies' rungs in
     * epochs ending at {@code epochs} ({@link EpochRungs}), as for classification.
     */
    static Map<String, Object> settings(String strategy, int budget, int epochs, Map<String, Object> given) {
        Map<String, Object> settings = new LinkedHashMap<>(given == null ? Map.of() : given);
        if (strategy.equals(TrainingDefaults.STRATEGY) && !settings.containsKey("population") && !settings.containsKey("sample")) {
            int population = Math.max(4, Math.min(20, budget / 3));
            settings.put("population", population);
            settings.put("sample", Math.max(2, population / 2));
        }
        return EpochRungs.settings(strategy, budget, epochs, settings);
    }
}
