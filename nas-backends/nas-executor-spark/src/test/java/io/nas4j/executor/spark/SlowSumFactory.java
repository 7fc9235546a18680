package io.nas4j.executor.spark;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.space.MacroSpace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A cheap estimator for cluster tests, built on the executors: accuracy is the sum of a macro genome's
 * choices, after a pause so that trials overlap a worker's death; every fifth trial from trial 3 on
 * "diverges" (the estimator throws). Each evaluation appends its trial id to a log file, so a test can
 * tell how often trials ran against how often they were recorded. The metric {@code omp_passive} is 1 when the
 * executor process has {@code OMP_WAIT_POLICY=PASSIVE} in its environment, else 0. Configuration:
 * {@code millis|logFile}.
 */
public final class SlowSumFactory implements TrialRecipe.Factory {

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) {
        String[] parts = configuration.split("\\|", 2);
        long millis = Long.parseLong(parts[0]);
        Path log = Path.of(parts[1]);
        MacroSpace space = new MacroSpace();
        return new TrialRecipe.Evaluation<>(space, trial -> {
            Files.writeString(log, trial.id() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Thread.sleep(millis);
            if (diverges(trial.id())) {
                throw new IllegalStateException("diverged");
            }
            return TrialResult.complete(Map.of("accuracy", accuracy(trial.genome().choices()),
                    "omp_passive", "PASSIVE".equals(System.getenv("OMP_WAIT_POLICY")) ? 1.0 : 0.0), 1);
        });
    }

    static boolean diverges(long trialId) {
        return trialId % 5 == 3;
    }

    static double accuracy(java.util.List<Integer> choices) {
        return choices.stream().mapToInt(Integer::intValue).sum();
    }
}
