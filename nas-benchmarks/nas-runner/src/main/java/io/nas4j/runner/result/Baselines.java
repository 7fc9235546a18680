package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.tasks.classification.ClassificationMetrics;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The hand-designed baseline of {@code nas search}: trained after the search when the task has one (the
 * volumetric task), printed next to the searched architecture and written to {@code result.json}.
 */
public final class Baselines {

    private Baselines() {
    }

    /** Trains the baseline when the search found an architecture and its task has a baseline; else null. */
    public static HandDesignedBaseline.Result train(TrainingSearch training, TrainingSearchSpec used,
                                             TrainingSearch.Outcome outcome, PrintWriter err) {
        if (outcome.bestGenome() == null || !HandDesignedBaseline.appliesTo(used)) {
            return null;
        }
        int epochs = outcome.finalEpochsTrained() > 0 ? outcome.finalEpochsTrained() : used.finalEpochs();
        err.println("training the hand-designed 3D CNN with the same budget (" + epochs + " epochs on train+validation)");
        err.flush();
        return HandDesignedBaseline.train(training, used, epochs);
    }

    public static void print(PrintWriter printer, HandDesignedBaseline.Result baseline, TrainingSearch.Outcome outcome) {
        if (baseline == null) {
            return;
        }
        printer.println("hand-designed 3D CNN (" + baseline.network() + "):");
        printer.println(String.format(Locale.ROOT, "  test accuracy %.4f (same %d epochs), %,d parameters;"
                        + " searched architecture %+.4f", baseline.test().accuracy(), baseline.epochs(),
                baseline.parameters(), outcome.test().accuracy() - baseline.test().accuracy()));
    }

    public static ObjectNode json(JsonMapper json, HandDesignedBaseline.Result baseline) {
        ObjectNode node = json.createObjectNode();
        node.put("network", baseline.network());
        node.put("parameters", baseline.parameters());
        node.put("flops", baseline.macs());
        node.put("epochs", baseline.epochs());
        node.put("trainSeconds", baseline.trainSeconds());
        ClassificationMetrics test = baseline.test();
        ObjectNode testNode = node.putObject("test");
        testNode.put("accuracy", test.accuracy());
        testNode.put("examples", test.count());
        ArrayNode perClass = testNode.putArray("perClassAccuracy");
        for (double accuracy : test.perClassAccuracy()) {
            perClass.add(accuracy);
        }
        ArrayNode confusion = testNode.putArray("confusion");
        for (int[] row : test.confusion()) {
            ArrayNode line = confusion.addArray();
            for (int count : row) {
                line.add(count);
            }
        }
        return node;
    }
}
