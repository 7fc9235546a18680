package io.nas4j.runner.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a {@link TrainingSearchSpecBuilder} takes for every setting it is not given, by task: the
 * one place that knows them (the command line starts from them too). They make a search with nothing
 * given a short one on embedded or local data:
 * <ul>
 *   <li>classification: the embedded UCI digits, the chain space, regularized evolution, 20 trials of 8
 *       epochs and a final training of 40 (on a data set from files: 30 trials of 3 epochs, 15 final);
 *       Adam 0.002, batches of 64, candidates over 5 million parameters failing untrained. A search scored
 *       by a zero-cost proxy asks 100 candidates, since scoring one takes well under a second.</li>
 *   <li>volumetric (asked for, or implied by a volumetric data set): the MRI atlas patches, the volumetric
 *       space, up to 30 candidates of 4 epochs in batches of 32 and 12 final epochs, within 8 minutes, so
 *       that it finishes in about ten minutes on two busy cores.</li>
 *   <li>detection: the embedded digit canvases, the detector space, 10 candidates of 5 epochs (Adam 0.01,
 *       batches of 32) and 15 final, candidates over 20 million multiply-adds per image failing untrained;
 *       sets read from a folder are small, so their candidates train 30 epochs and the final detector 60.</li>
 * </ul>
 * Trials run in this JVM unless the host asks for worker processes.
 */
public final class TrainingSearchDefaults {

    /** The task of a spec that names none and whose data set is no volume set. */
    public static final String CLASSIFICATION = "classification";
    /** The tasks a training search can run. */
    public static final List<String> TASKS = List.of(CLASSIFICATION, DetectionSearch.TASK, VolumetricData.TASK);

    public static final String DATASET = "digits";
    public static final String SPACE = "chain";
    public static final String STRATEGY = "regularized-evolution";
    public static final String BACKEND = "djl";
    public static final String OPTIMIZER = "adam";
    /** The values of the optimizer setting. */
    public static final List<String> OPTIMIZERS = List.of("adam", "sgd");
    public static final int DIGITS_BUDGET = 20;
    public static final int BUDGET = 30;
    /** Trials of a search scored by a zero-cost proxy: scoring takes well under a second. */
    public static final int PROXY_BUDGET = 100;
    public static final int DIGITS_EPOCHS = 8;
    public static final int EPOCHS = 3;
    public static final int DIGITS_FINAL_EPOCHS = 40;
    public static final int FINAL_EPOCHS = 15;
    /**
     * The final training's epochs when a time limit is given and {@code finalEpochs} is not: as many as fit in
     * the time the search leaves, up to this many, as a hand-designed baseline gets ({@link FinalTrainingBudget}).
     * Classification and detection only; volumes keep {@link #VOLUMETRIC_FINAL_EPOCHS}.
     */
    public static final int TIME_FILLING_FINAL_EPOCHS = 200;
    public static final int BATCH_SIZE = 64;
    public static final double LEARNING_RATE = 0.002;
    public static final long MAX_PARAMS = 5_000_000L;
    /** The share of a time limit kept for the final training. */
    public static final double FINAL_SHARE = 0.4;
    /** Worker processes: none, trials run in this JVM (the command line starts one per core, up to four). */
    public static final int WORKERS = 0;

    public static final String VOLUMETRIC_DATASET = VolumetricData.ATLAS;
    public static final String VOLUMETRIC_SPACE = "volumetric";
    public static final int VOLUMETRIC_BUDGET = 30;
    public static final long VOLUMETRIC_TIME_LIMIT_SECONDS = 8 * 60;
    public static final int VOLUMETRIC_EPOCHS = 4;
    /**
     * The final training's epochs on volumes, with or without a time limit: the searched networks lose test
     * accuracy when trained longer on the atlas patches (measured on three seeds, 12 epochs against the 190 to
     * 200 that fill an 8-minute limit; docs/benchmarks.md), so a volumetric search does not fill its time.
     */
    public static final int VOLUMETRIC_FINAL_EPOCHS = 12;
    public static final int VOLUMETRIC_BATCH_SIZE = 32;

    public static final String DETECTION_DATASET = DetectionData.DIGIT_CANVASES;
    public static final String DETECTION_SPACE = "detector";
    public static final int DETECTION_BUDGET = 10;
    public static final int DETECTION_EPOCHS = 5;
    public static final int DETECTION_FINAL_EPOCHS = 15;
    /** A folder's set is small (the raccoon set trains on 128 images): more passes for as many steps. */
    public static final int DETECTION_FOLDER_EPOCHS = 30;
    public static final int DETECTION_FOLDER_FINAL_EPOCHS = 60;
    public static final int DETECTION_BATCH_SIZE = 32;
    public static final double DETECTION_LEARNING_RATE = 0.01;
    public static final long DETECTION_MAX_MACS = 20_000_000L;

    private TrainingSearchDefaults() {
    }

    /** The task a spec asks for: the given one, else volumetric for a volumetric data set, else classification. */
    public static String task(String given, String dataset) {
        if (given != null) {
            return given;
        }
        return dataset != null && VolumetricData.NAMES.contains(dataset) ? VolumetricData.TASK : CLASSIFICATION;
    }

    /**
     * The strategy's settings as given; for regularized evolution without a given population, one sized
     * to the budget (a third of it, 4 to 20), since a population larger than the budget is random search;
     * for the multi-fidelity strategies, rungs in epochs ({@link EpochRungs}).
     */
    public static Map<String, Object> settings(String strategy, int budget, int epochs, Map<String, ?> given) {
        Map<String, Object> settings = new LinkedHashMap<>(given == null ? Map.of() : given);
        if (strategy.equals(STRATEGY) && !settings.containsKey("population") && !settings.containsKey("sample")) {
            int population = Math.max(4, Math.min(20, budget / 3));
            settings.put("population", population);
            settings.put("sample", Math.max(2, population / 2));
        }
        return EpochRungs.settings(strategy, budget, epochs, settings);
    }
}
