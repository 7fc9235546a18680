package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.runner.training.Transfer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code result.json} of a transfer ({@link Transfer}): the target's task, data set, space and backend,
 * {@code source} (where the architecture was found, as the caller describes it, plus its input shape, classes
 * and parameters there), {@code adaptation} (the target's input shape and classes, and each change to stem and
 * head in words), {@code best} as a search's result has it (architecture, size, test metrics, training, model
 * folder and input standardisation, so that {@code nas export} reads it), and the training's {@code config}.
 */
public final class TransferResultFile {

    private TransferResultFile() {
    }

    /**
     * Writes the result of {@code trained}, trained as {@code target} says, to {@code output/result.json}.
     *
     * @param source what the caller knows of the search that found the architecture (folder, trial, strategy,
     *               its validation and test accuracy there), written first under {@code source}
     */
    public static Path write(Path output, TrainingSearchSpec target, Transfer.Result trained, Map<String, ?> source) {
        Transfer.Adaptation adaptation = trained.adaptation();
        ObjectNode root = ResultJson.JSON.createObjectNode();
        root.put("task", target.task());
        root.put("dataset", target.dataset());
        root.put("space", target.space());
        root.put("backend", target.backend());
        ObjectNode from = root.putObject("source");
        source.forEach((name, value) -> from.set(name, ResultJson.JSON.valueToTree(value)));
        from.put("dataset", adaptation.sourceDataset());
        from.put("inputShape", adaptation.sourceInput().toString());
        from.put("classes", adaptation.sourceClasses());
        from.put("parameters", adaptation.sourceParameters());
        ObjectNode adapted = root.putObject("adaptation");
        adapted.put("inputShape", adaptation.targetInput().toString());
        adapted.put("classes", adaptation.targetClasses());
        adapted.set("changes", ResultJson.JSON.valueToTree(adaptation.changes()));
        ObjectNode best = root.putObject("best");
        best.put("genome", trained.architecture());
        best.put("parameters", trained.network().parameters());
        best.put("flops", trained.network().macs());
        ResultJson.classificationTest(best.putObject("test"), trained.test());
        ResultJson.finalTraining(best, trained.epochs(), trained.epochs(), trained.seconds(), trained.model(),
                trained.normalization());
        ObjectNode config = root.putObject("config");
        config.put("dataset", target.dataset());
        config.put("dataDir", target.dataDir());
        config.put("backend", target.backend());
        config.put("epochs", trained.epochs());
        config.put("batchSize", target.batchSize());
        config.put("learningRate", target.learningRate());
        config.put("optimizer", target.optimizer());
        config.put("seed", target.seed());
        return ResultFiles.write(output, root);
    }
}
