package io.nas4j.cli;

import io.nas4j.runner.training.TrainingSearchDefaults;

import java.util.Map;

/**
 * The strategy settings of a detection search ({@code --task detection}). Its defaults (the detector space
 * on the embedded digit canvases, 10 candidates of 5 epochs, ...) and checks are the library's
 * ({@link TrainingSearchDefaults}); {@link TrainingDefaults} resolves a detection search as any other.
 */
final class DetectionDefaults {

    private DetectionDefaults() {
    }

    /**
     * Regularized evolution's population sized to the budget, and the multi-fidelity strategies' rungs in
     * epochs ending at {@code epochs}, as for classification.
     */
    static Map<String, Object> settings(String strategy, int budget, int epochs, Map<String, Object> given) {
        return TrainingSearchDefaults.settings(strategy, budget, epochs, given);
    }
}
