package io.nas4j.runner.training;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.TrialRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A member of the Pareto front of a search with several objectives: its trial (validation metrics), and when it
 * was among those chosen to be trained again ({@link FrontSelection}), that final training on training and
 * validation data with its test metrics and model.
 *
 * @param trial         the trial, with the metrics the search measured on validation data
 * @param architecture  its text form
 * @param network       its network's size at full width
 * @param selectedAs    why it was trained again (objective names, {@code knee}, {@code near-knee}); empty when it
 *                      was not
 * @param test          its test metrics after the final training; null when it was not trained again
 * @param model         the folder its model was saved in; null when it was not trained again
 * @param finalEpochs   the epochs its final training planned; 0 when it was not trained again
 * @param finalEpochsTrained the epochs it trained
 * @param finalTrainSeconds  the final training's time
 * @param <M>           the test metrics' type: classification metrics or a detector's mAP
 */
public record FrontMember<M>(TrialRecord trial, String architecture, NetworkAnalysis network, List<String> selectedAs,
                             M test, Path model, int finalEpochs, int finalEpochsTrained, double finalTrainSeconds) {

    public FrontMember {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(network, "network");
        selectedAs = List.copyOf(selectedAs);
    }

    /** A member that was not trained again. */
    public static <M> FrontMember<M> untrained(TrialRecord trial, String architecture, NetworkAnalysis network) {
        return new FrontMember<>(trial, architecture, network, List.of(), null, null, 0, 0, 0);
    }

    /** Whether it was trained again and tested. */
    public boolean trainedAgain() {
        return test != null;
    }

    /**
     * The folder a member other than the best keeps its model in: {@code output/front/trial-ID} (the model itself
     * in its {@code model} subfolder); the best by accuracy keeps {@code output/model}.
     */
    public static Path folder(Path output, long trial) {
        return output.resolve("front").resolve("trial-" + trial);
    }
}
