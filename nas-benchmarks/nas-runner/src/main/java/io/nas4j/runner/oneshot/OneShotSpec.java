package io.nas4j.runner.oneshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A one-shot search resolved and validated: what {@link OneShotSearch} runs and {@code result.json} records.
 *
 * @param strategy         {@code darts}, {@code spos} or {@code enas}
 * @param dataset          a classification data set name
 * @param dataDir          its folder; null for digits
 * @param space            {@code nb201} (cell supernet) or {@code chain} (layer-wise supernet)
 * @param backend          the engine's name, for example {@code djl}
 * @param seed             seed of the data split, the supernet, the search and the final training
 * @param epochs           supernet training epochs
 * @param finalEpochs      epochs of the final training of the chosen network on training + validation
 * @param batchSize        examples per step
 * @param learningRate     Adam's rate for the final training
 * @param dataFraction     share of the training split the supernet trains on, in (0, 1]
 * @param timeLimitSeconds wall-time limit of the whole search, final training included: the supernet trains until
 *                         the epoch that passes {@code 1 - finalShare} of it, and the final training plans the
 *                         epochs that fit in the rest ({@link io.nas4j.runner.training.FinalTrainingBudget});
 *                         0 for none
 * @param budget           SPOS: subnets the evolution scores; ENAS: paths sampled from the trained controller
 * @param settings         the strategy's settings ({@link OneShotSearch#SETTINGS}, and with the supernet
 *                         estimator the served strategy's own)
 * @param retrainTop       with the supernet estimator: how many of the best subnets by inherited weights are
 *                         trained stand-alone to choose the final one; 1 takes the best as it is
 * @param supernetOut      with the supernet estimator: a folder to save the trained supernet in; null for none
 * @param supernetFrom     with the supernet estimator: a folder holding a saved supernet to search without
 *                         training; null to train one
 * @param finalShare       with a time limit, the share of it kept for the final training, in (0, 1]; 0 reads as
 *                         {@link io.nas4j.runner.training.TrainingSearchSpec#DEFAULT_FINAL_SHARE}
 * @param baseline         the hand-designed network trained after the search with its whole wall time, to compare
 *                         with ({@link io.nas4j.runner.training.HandDesignedBaseline}); null or {@code none} for none
 * @param augment          what training batches go through, the supernet's, the final training's and the baseline's
 *                         ({@link io.nas4j.runner.training.ClassificationData#augmentation}); null reads as the data
 *                         set's default
 * @param weightDecay      L2 weight decay of the final training and the baseline; 0 for none
 */
public record OneShotSpec(String strategy, String dataset, String dataDir, String space, String backend, long seed,
                          int epochs, int finalEpochs, int batchSize, double learningRate, double dataFraction,
                          long timeLimitSeconds, int budget, Map<String, Object> settings, int retrainTop,
                          String supernetOut, String supernetFrom, double finalShare, String baseline, String augment,
                          double weightDecay) {

    /** The strategies a one-shot search runs itself (any installed strategy also runs on the supernet estimator). */
    public static final List<String> STRATEGIES = List.of("darts", "spos", "enas");

    /** The strategies that search the supernet themselves rather than through the supernet estimator. */
    private static final List<String> NATIVE = List.of("darts", "enas");

    /** The supernets it can build. */
    public static final List<String> SPACES = List.of("nb201", "chain");

    public OneShotSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(backend, "backend");
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        if (retrainTop < 1) {
            throw new IllegalArgumentException("retrainTop must be at least 1, got " + retrainTop);
        }
        finalShare = finalShare == 0 ? io.nas4j.runner.training.TrainingSearchSpec.DEFAULT_FINAL_SHARE : finalShare;
        if (!(finalShare > 0 && finalShare <= 1)) {
            throw new IllegalArgumentException("finalShare must be in (0, 1], got " + finalShare);
        }
        baseline = baseline == null ? io.nas4j.runner.training.HandDesignedBaseline.NONE : baseline;
        augment = augment == null ? io.nas4j.runner.training.ClassificationData.defaultAugment(dataset) : augment;
        io.nas4j.runner.training.ClassificationData.augmentation(augment);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be 0 (none) or more, got " + weightDecay);
        }
    }

    /** As the canonical constructor, with the data set's default augmentation and no weight decay. */
    public OneShotSpec(String strategy, String dataset, String dataDir, String space, String backend, long seed,
                       int epochs, int finalEpochs, int batchSize, double learningRate, double dataFraction,
                       long timeLimitSeconds, int budget, Map<String, Object> settings, int retrainTop,
                       String supernetOut, String supernetFrom, double finalShare, String baseline) {
        this(strategy, dataset, dataDir, space, backend, seed, epochs, finalEpochs, batchSize, learningRate, dataFraction,
                timeLimitSeconds, budget, settings, retrainTop, supernetOut, supernetFrom, finalShare, baseline, null, 0);
    }

    /** As the canonical constructor, with the default final share and no baseline. */
    public OneShotSpec(String strategy, String dataset, String dataDir, String space, String backend, long seed,
                       int epochs, int finalEpochs, int batchSize, double learningRate, double dataFraction,
                       long timeLimitSeconds, int budget, Map<String, Object> settings, int retrainTop,
                       String supernetOut, String supernetFrom) {
        this(strategy, dataset, dataDir, space, backend, seed, epochs, finalEpochs, batchSize, learningRate, dataFraction,
                timeLimitSeconds, budget, settings, retrainTop, supernetOut, supernetFrom, 0, null);
    }

    /** The seconds the supernet's training and the search of it may take: its share of the time limit; 0 for none. */
    public long searchSeconds() {
        return timeLimitSeconds == 0 ? 0 : Math.max(1, Math.round((1 - finalShare) * timeLimitSeconds));
    }

    /** A spec that retrains only the best subnet. */
    public OneShotSpec(String strategy, String dataset, String dataDir, String space, String backend, long seed,
                       int epochs, int finalEpochs, int batchSize, double learningRate, double dataFraction,
                       long timeLimitSeconds, int budget, Map<String, Object> settings) {
        this(strategy, dataset, dataDir, space, backend, seed, epochs, finalEpochs, batchSize, learningRate, dataFraction,
                timeLimitSeconds, budget, settings, 1, null, null);
    }

    /**
     * Whether a trained supernet scores the candidates of an ask/tell strategy ({@code spos}: regularized
     * evolution; any other installed strategy by its name), rather than DARTS or ENAS searching it themselves.
     */
    public boolean supernetEstimator() {
        return !NATIVE.contains(strategy);
    }
}
