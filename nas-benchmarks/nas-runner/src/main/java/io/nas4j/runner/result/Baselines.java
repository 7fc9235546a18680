package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.HandDesignedBaseline;

/**
 * The hand-designed baseline of a search as {@code result.json} records it: trained after the search when
 * the task has one (the volumetric task), next to the searched architecture.
 */
public final class Baselines {

    private Baselines() {
    }

    /** The baseline's network, size, epochs, training time and test metrics. */
    public static ObjectNode json(HandDesignedBaseline.Result baseline) {
        ObjectNode node = ResultJson.JSON.createObjectNode();
        node.put("network", baseline.network());
        node.put("parameters", baseline.parameters());
        node.put("flops", baseline.macs());
        node.put("epochs", baseline.epochs());
        node.put("trainSeconds", baseline.trainSeconds());
        ResultJson.classificationTest(node.putObject("test"), baseline.test());
        return node;
    }
}
