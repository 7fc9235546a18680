package io.nas4j.executor.spark;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialResult;

import java.util.Map;

/**
 * An estimator for executor tests, built on the executors: accuracy is the sum of a macro genome's choices,
 * and the metric {@code incumbent} reports the incumbent's value the trial arrived with (-1 without one) and
 * {@code engine_threads} the DJL thread property the task found set, so a test can see what reached the task.
 */
public final class IncumbentEchoFactory implements TrialRecipe.Factory {

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) {
        MacroSpace space = new MacroSpace();
        return new TrialRecipe.Evaluation<>(space, trial -> TrialResult.complete(Map.of(
                "accuracy", SlowSumFactory.accuracy(trial.genome().choices()),
                "incumbent", trial.incumbent().map(incumbent -> incumbent.value()).orElse(-1.0),
                "incumbent_trial", (double) trial.incumbent().map(incumbent -> incumbent.trialId()).orElse(-1L)), 1));
    }
}
