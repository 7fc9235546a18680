package io.nas4j.executor.spark;

import io.nas4j.core.port.DataFolders;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialResult;

import java.nio.file.Files;
import java.util.Map;

/**
 * An evaluation that reads its data where the trial runs, as a training search's job does: the configuration
 * is a data location ({@link DataFolders}), and accuracy is the sum of a macro genome's choices times the
 * number in the folder's {@code scale.txt}.
 */
public final class ScaleFileFactory implements TrialRecipe.Factory {

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) throws Exception {
        double scale = Double.parseDouble(Files.readString(DataFolders.local(configuration).resolve("scale.txt")).strip());
        return new TrialRecipe.Evaluation<>(new MacroSpace(), trial -> TrialResult.complete(Map.of(
                "accuracy", scale * SlowSumFactory.accuracy(trial.genome().choices())), 1));
    }
}
