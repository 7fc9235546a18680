package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Writes {@code result.json} of a detection search: the configuration used, the trial counts, the class
 * names, the best architecture with its validation metrics and its test mAP after the final training
 * (mAP@0.5, mAP@[.5:.95], COCO-style AP@0.5, per-class AP@0.5), plus every trial in brief.
 */
public final class DetectionResultFile {

    private DetectionResultFile() {
    }

    public static Path write(DetectionSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed) {
        ObjectNode root = ResultJson.header(used, outcome.search(), elapsed);
        ArrayNode classes = root.putArray("classes");
        outcome.classNames().forEach(classes::add);
        if (outcome.bestGenome() == null) {
            root.putNull("best");
        } else {
            ObjectNode best = ResultJson.best(root, outcome.search(), outcome.bestGenome(), outcome.bestNetwork());
            ObjectNode test = best.putObject("test");
            test.put("map50", outcome.test().map50());
            test.put("map", outcome.test().map());
            test.put("coco50", outcome.test().coco50());
            test.put("images", outcome.testImages());
            ArrayNode perClass = test.putArray("perClassAp50");
            outcome.test().perClassAp50().forEach(perClass::add);
            ResultJson.finalTraining(best, outcome.finalEpochs(), outcome.finalEpochsTrained(), outcome.finalTrainSeconds(),
                    outcome.model(), outcome.normalization());
        }
        ResultJson.trialsList(root, outcome.search().trials(), List.of("map50"));
        root.set("config", ResultJson.JSON.valueToTree(used));
        return ResultFiles.write(output, root);
    }
}
