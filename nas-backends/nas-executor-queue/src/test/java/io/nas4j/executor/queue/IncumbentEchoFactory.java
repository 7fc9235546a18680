package io.nas4j.executor.queue;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialResult;

import java.util.Map;

/**
 * Accuracy is the sum of a macro genome's choices; the metrics {@code incumbent} and {@code incumbent_trial}
 * echo the incumbent the trial reached its worker with (-1 without one).
 */
public final class IncumbentEchoFactory implements TrialRecipe.Factory {

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) {
        return new TrialRecipe.Evaluation<>(new MacroSpace(), trial -> TrialResult.complete(Map.of(
                "accuracy", (double) trial.genome().choices().stream().mapToInt(Integer::intValue).sum(),
                "incumbent", trial.incumbent().map(best -> best.value()).orElse(-1.0),
                "incumbent_trial", (double) trial.incumbent().map(best -> best.trialId()).orElse(-1L)), 1));
    }
}
