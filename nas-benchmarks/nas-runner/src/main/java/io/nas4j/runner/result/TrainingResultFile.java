package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code result.json} of a training search: the configuration used, the trial counts, the best
 * architecture with its validation metrics, and its test metrics after the final training (accuracy,
 * per-class accuracy, confusion matrix), plus every trial in brief. With several objectives also the Pareto
 * front, its members trained again with their test metrics and model folders.
 */
public final class TrainingResultFile {

    private TrainingResultFile() {
    }

    public static Path write(TrainingSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed) {
        return write(outcome, used, output, elapsed, null);
    }

    /** As {@link #write(TrainingSearch.Outcome, TrainingSearchSpec, Path, Duration)}, with the baseline when not null. */
    public static Path write(TrainingSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed,
                             HandDesignedBaseline.Result baseline) {
        ObjectNode root = ResultJson.header(used, outcome.search(), elapsed);
        if (outcome.bestGenome() == null) {
            root.putNull("best");
        } else {
            ObjectNode best = ResultJson.best(root, outcome.search(), outcome.bestGenome(), outcome.bestNetwork());
            ResultJson.classificationTest(best.putObject("test"), outcome.test());
            ResultJson.finalTraining(best, outcome.finalEpochs(), outcome.finalEpochsTrained(), outcome.finalTrainSeconds(),
                    outcome.model(), outcome.normalization());
        }
        ResultJson.front(root, used, outcome.front(), ResultJson::classificationTest);
        List<String> metrics = new ArrayList<>(List.of("accuracy"));
        if (used.scoredByProxy()) {
            metrics.add(used.proxy());
        }
        ResultJson.trialsList(root, outcome.search().trials(), ResultJson.listedMetrics(used, metrics));
        if (baseline != null && outcome.bestGenome() != null) {
            root.set("baseline", Baselines.json(baseline, outcome.test().accuracy()));
        }
        root.set("config", ResultJson.JSON.valueToTree(used));
        return ResultFiles.write(output, root);
    }
}
