package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.DetectionBaseline;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.tasks.detection.MeanAveragePrecision;

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
        return write(outcome, used, output, elapsed, null);
    }

    /** As {@link #write(DetectionSearch.Outcome, TrainingSearchSpec, Path, Duration)}, with the baseline when not null. */
    public static Path write(DetectionSearch.Outcome outcome, TrainingSearchSpec used, Path output, Duration elapsed,
                             DetectionBaseline.Result baseline) {
        ObjectNode root = ResultJson.header(used, outcome.search(), elapsed);
        ArrayNode classes = root.putArray("classes");
        outcome.classNames().forEach(classes::add);
        if (outcome.bestGenome() == null) {
            root.putNull("best");
        } else {
            ObjectNode best = ResultJson.best(root, outcome.search(), outcome.bestGenome(), outcome.bestNetwork());
            test(best.putObject("test"), outcome.test(), outcome.testImages());
            ResultJson.finalTraining(best, outcome.finalEpochs(), outcome.finalEpochsTrained(), outcome.finalTrainSeconds(),
                    outcome.model(), outcome.normalization());
        }
        ResultJson.front(root, used, outcome.front(), (node, test) -> test(node, test, outcome.testImages()));
        ResultJson.trialsList(root, outcome.search().trials(), ResultJson.listedMetrics(used, List.of("map50")));
        if (baseline != null && outcome.bestGenome() != null) {
            root.set("baseline", Baselines.json(baseline, outcome.test().map50()));
        }
        root.set("config", ResultJson.JSON.valueToTree(used));
        return ResultFiles.write(output, root);
    }

    /**
     * A detector's test mAP into {@code test}: at IoU 0.5, over 0.5:0.95, COCO-style at 0.5, the test images, per
     * class at 0.5.
     */
    private static void test(ObjectNode test, MeanAveragePrecision.Result result, int images) {
        test.put("map50", result.map50());
        test.put("map", result.map());
        test.put("coco50", result.coco50());
        test.put("images", images);
        ArrayNode perClass = test.putArray("perClassAp50");
        result.perClassAp50().forEach(perClass::add);
    }
}
