package io.nas4j.executor.queue;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A cheap evaluation for queue tests: accuracy is the sum of a macro genome's choices, after a pause so that
 * trials overlap; each evaluation appends {@code id attempt} to a log file, so a test tells how often trials
 * ran against how often they were recorded. Configuration: {@code millis|logFile}.
 */
public final class CountingSumFactory implements TrialRecipe.Factory {

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) {
        String[] parts = configuration.split("\\|", 2);
        long millis = Long.parseLong(parts[0]);
        Path log = Path.of(parts[1]);
        return new TrialRecipe.Evaluation<>(new MacroSpace(), trial -> {
            synchronized (CountingSumFactory.class) {
                Files.writeString(log, trial.id() + " " + trial.attempt() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            Thread.sleep(millis);
            return TrialResult.complete(Map.of("accuracy", accuracy(trial.genome().choices())), 1);
        });
    }

    static double accuracy(java.util.List<Integer> choices) {
        return choices.stream().mapToInt(Integer::intValue).sum();
    }

    static TrialRecipe recipe(long millis, Path log) {
        return TrialRecipe.of(CountingSumFactory.class, millis + "|" + log);
    }
}
