package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.DetectionBaseline;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.tasks.detection.MeanAveragePrecision;

/**
 * The hand-designed baseline of a search as {@code result.json} records it, next to the searched
 * architecture: its name and network, size, the wall time it was given (the search's) and used, the epochs
 * that fitted, its test metrics, and by how much the searched network's test metric exceeds its own.
 */
public final class Baselines {

    private Baselines() {
    }

    /** A classifier baseline; {@code searchedAccuracy} is the searched network's test accuracy. */
    public static ObjectNode json(HandDesignedBaseline.Result baseline, double searchedAccuracy) {
        ObjectNode node = header(baseline.name(), baseline.network(), baseline.parameters(), baseline.macs(),
                baseline.epochs(), baseline.trainSeconds(), baseline.budgetSeconds());
        ResultJson.classificationTest(node.putObject("test"), baseline.test());
        node.put("searchedMinusBaseline", searchedAccuracy - baseline.test().accuracy());
        node.put("searchedWins", searchedAccuracy > baseline.test().accuracy());
        return node;
    }

    /** A detector baseline; {@code searchedMap50} is the searched detector's test mAP@0.5. */
    public static ObjectNode json(DetectionBaseline.Result baseline, double searchedMap50) {
        ObjectNode node = header(baseline.name(), baseline.network(), baseline.parameters(), baseline.macs(),
                baseline.epochs(), baseline.trainSeconds(), baseline.budgetSeconds());
        MeanAveragePrecision.Result test = baseline.test();
        ObjectNode metrics = node.putObject("test");
        metrics.put("map50", test.map50());
        metrics.put("map", test.map());
        metrics.put("coco50", test.coco50());
        node.put("searchedMinusBaseline", searchedMap50 - test.map50());
        node.put("searchedWins", searchedMap50 > test.map50());
        return node;
    }

    private static ObjectNode header(String name, String network, long parameters, long macs, int epochs,
                                     double trainSeconds, double budgetSeconds) {
        ObjectNode node = ResultJson.JSON.createObjectNode();
        node.put("name", name);
        node.put("network", network);
        node.put("parameters", parameters);
        node.put("flops", macs);
        node.put("epochs", epochs);
        node.put("trainSeconds", trainSeconds);
        node.put("budgetSeconds", budgetSeconds);
        return node;
    }
}
