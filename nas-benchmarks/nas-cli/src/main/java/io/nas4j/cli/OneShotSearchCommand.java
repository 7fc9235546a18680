package io.nas4j.cli;

import io.nas4j.runner.result.ResultFiles;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.runner.oneshot.OneShotSearch;
import io.nas4j.runner.oneshot.OneShotSpec;
import io.nas4j.runner.training.ClassificationData;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.strategies.oneshot.Darts;
import io.nas4j.strategies.oneshot.Derivation;
import io.nas4j.strategies.oneshot.InheritedWeightEvolution;
import io.nas4j.strategies.oneshot.Specialisation;
import io.nas4j.tasks.classification.ClassificationTask;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code nas search --strategy darts|spos}: a one-shot search ({@link OneShotSearch}) on a classification
 * task, printed epoch by epoch, written to {@code result.json} (the configuration used, the chosen network
 * with its test accuracy after the final training and the saved model, and the strategy's record: DARTS's
 * epochs, final architecture weights, guarded and unguarded derivation; SPOS's scored subnets and
 * specialised subnets).
 */
final class OneShotSearchCommand {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private OneShotSearchCommand() {
    }

    /** Whether {@code strategy} names a one-shot strategy, which this command runs instead of a trial search. */
    static boolean handles(String strategy) {
        return strategy != null && OneShotSpec.STRATEGIES.contains(strategy);
    }

    static OneShotSpec resolve(SearchConfig merged, String backend, OneShotSearch search) {
        String strategy = merged.strategy();
        if (merged.task() != null && !merged.task().equals(TrainingDefaults.TASK)) {
            throw new UserInputException("--strategy " + strategy + " searches classification tasks only; --task "
                    + merged.task() + " is not allowed with it");
        }
        String dataset = Inputs.oneOf(merged.dataset() != null ? merged.dataset() : TrainingDefaults.DATASET, "--dataset",
                ClassificationData.NAMES);
        boolean digits = dataset.equals(TrainingDefaults.DATASET);
        String space = Inputs.oneOf(merged.space() != null ? merged.space() : "nb201", "--space", OneShotSpec.SPACES);
        Inputs.oneOf(backend, "--backend", search.backends());
        int epochs = Inputs.atLeastOne(merged.epochs() != null ? merged.epochs() : (digits ? 20 : 5), "--epochs");
        int finalEpochs = Inputs.atLeastOne(merged.finalEpochs() != null ? merged.finalEpochs() : (digits ? 40 : 10),
                "--final-epochs");
        int batchSize = Inputs.atLeastOne(merged.batchSize() != null ? merged.batchSize() : 64, "--batch-size");
        if (batchSize < 2) {
            throw new UserInputException("--batch-size must be at least 2 for a supernet (batch norm), got " + batchSize);
        }
        double learningRate = merged.learningRate() != null ? merged.learningRate() : 0.002;
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new UserInputException("--learning-rate must be in (0, 10], got " + learningRate);
        }
        double dataFraction = merged.dataFraction() != null ? merged.dataFraction() : 1.0;
        if (!(dataFraction > 0 && dataFraction <= 1)) {
            throw new UserInputException("--data-fraction must be in (0, 1], got " + dataFraction);
        }
        long timeLimit = merged.timeLimit() == null ? 0 : TrainingDefaults.seconds(merged.timeLimit());
        int budget = Inputs.atLeastOne(merged.budget() != null ? merged.budget() : 50, "--budget");
        long seed = merged.seed() != null ? merged.seed() : 0;
        String dataDir = merged.dataDir() == null ? null : Path.of(merged.dataDir()).toAbsolutePath().normalize().toString();
        OneShotSpec spec = new OneShotSpec(strategy, dataset, dataDir, space, backend, seed, epochs, finalEpochs, batchSize,
                learningRate, dataFraction, timeLimit, budget, merged.settings());
        try {
            OneShotSearch.check(spec);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--set / settings: " + e.getMessage(), e);
        }
        return spec;
    }

    static int run(OneShotSearch search, SearchConfig merged, String backend, PrintWriter printer, PrintWriter err) {
        OneShotSpec spec = resolve(merged, backend, search);
        ClassificationTask task = ClassificationData.load(spec.dataset(), spec.dataDir(), spec.seed());
        try {
            OneShotSearch.supernet(spec, task);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--set / settings: " + e.getMessage(), e);
        }
        Path output = Inputs.outputDirectory(merged.out(), "runs/search-" + spec.dataset());
        ResultFiles.refuseExisting(output);
        err.println("searching " + spec.space() + " on " + spec.dataset() + " with " + spec.strategy() + " (" + spec.epochs()
                + " supernet epochs" + (spec.strategy().equals("spos") ? ", " + spec.budget() + " subnets scored" : "")
                + ", backend " + spec.backend() + ")");
        err.flush();
        OneShotSearch.Outcome outcome = search.run(spec, task, output, epoch -> {
            err.println(String.format(Locale.ROOT, "  epoch %d: weight loss %.4f%s%s (%.1fs)", epoch.epoch(),
                    epoch.weightLoss(),
                    Double.isNaN(epoch.alphaLoss()) ? "" : String.format(Locale.ROOT, ", alpha loss %.4f", epoch.alphaLoss()),
                    Double.isNaN(epoch.validationAccuracy()) ? ""
                            : String.format(Locale.ROOT, ", mixed validation accuracy %.4f, argmax %s",
                            epoch.validationAccuracy(), epoch.argmax()),
                    epoch.seconds()));
            err.flush();
        });
        Path file = write(outcome, output);
        printer.println("best architecture: " + outcome.genome());
        printer.println(String.format(Locale.ROOT,
                "  search %.0fs; test accuracy %.4f after %d epochs on train+validation (%.0fs), %,d parameters",
                outcome.searchSeconds(), outcome.test().accuracy(), outcome.finalEpochsTrained(), outcome.finalSeconds(),
                outcome.network().parameters()));
        if (outcome.spos() != null) {
            for (Specialisation.Specialised specialised : outcome.spos().specialised()) {
                printer.println("  " + specialised.limit() + ": " + (specialised.best() == null ? "no subnet found"
                        : String.format(Locale.ROOT, "%s, inherited-weight validation accuracy %.4f, %,d parameters, %,d MACs",
                        specialised.best().description(), specialised.best().accuracy(), specialised.best().parameters(),
                        specialised.best().macs())));
            }
        }
        printer.println("model: " + outcome.model());
        printer.println("wrote " + file);
        printer.flush();
        return NasCommand.OK;
    }

    static Path write(OneShotSearch.Outcome outcome, Path output) {
        OneShotSpec spec = outcome.spec();
        ObjectNode root = JSON.createObjectNode();
        root.put("task", TrainingDefaults.TASK);
        root.put("dataset", spec.dataset());
        root.put("space", spec.space());
        root.put("strategy", spec.strategy());
        root.put("backend", spec.backend());
        root.put("searchSeconds", outcome.searchSeconds());
        root.put("supernetWeights", outcome.supernetWeights());
        ObjectNode best = root.putObject("best");
        best.put("genome", outcome.genome());
        best.put("path", outcome.description());
        best.put("parameters", outcome.network().parameters());
        best.put("flops", outcome.network().macs());
        ObjectNode test = best.putObject("test");
        test.put("accuracy", outcome.test().accuracy());
        test.put("examples", outcome.test().count());
        best.put("finalEpochs", spec.finalEpochs());
        best.put("finalEpochsTrained", outcome.finalEpochsTrained());
        best.put("finalTrainSeconds", outcome.finalSeconds());
        best.put("model", outcome.model().toAbsolutePath().toString());
        best.set("inputNormalization", JSON.valueToTree(outcome.normalization()));
        if (outcome.darts() != null) {
            Darts.Result darts = outcome.darts();
            ObjectNode node = root.putObject("darts");
            node.put("seconds", darts.seconds());
            node.put("derived", outcome.description());
            SupernetSpec supernet = outcome.supernet();
            node.put("unguarded", supernet.describe(darts.unguardedPath()));
            node.put("skipsUnguarded", Derivation.skips(supernet, darts.unguardedPath()));
            node.put("skipsDerived", Derivation.skips(supernet, darts.path()));
            node.put("parameterFreeUnguarded", Derivation.parameterFree(supernet, darts.unguardedPath()));
            node.put("parameterFreeDerived", Derivation.parameterFree(supernet, darts.path()));
            ArrayNode alphas = node.putArray("alphas");
            for (double[] row : darts.alphas()) {
                ArrayNode values = alphas.addArray();
                for (double value : row) {
                    values.add(value);
                }
            }
            ArrayNode epochs = node.putArray("epochs");
            for (Darts.Epoch epoch : darts.epochs()) {
                epochs.add(JSON.valueToTree(epoch));
            }
        }
        if (outcome.spos() != null) {
            ObjectNode node = root.putObject("spos");
            node.put("trainSeconds", outcome.spos().training().seconds());
            ArrayNode losses = node.putArray("epochLosses");
            outcome.spos().training().epochLosses().forEach(losses::add);
            ArrayNode evaluated = node.putArray("evaluated");
            for (InheritedWeightEvolution.Candidate candidate : outcome.spos().evolution().evaluated()) {
                evaluated.add(candidate(candidate));
            }
            ArrayNode specialised = node.putArray("specialised");
            for (Specialisation.Specialised entry : outcome.spos().specialised()) {
                ObjectNode item = specialised.addObject();
                item.put("limit", entry.limit().toString());
                item.put("evaluated", entry.evaluated());
                if (entry.best() == null) {
                    item.putNull("best");
                } else {
                    item.set("best", candidate(entry.best()));
                }
            }
        }
        root.set("config", JSON.valueToTree(spec));
        return ResultFiles.write(output, root);
    }

    private static ObjectNode candidate(InheritedWeightEvolution.Candidate candidate) {
        ObjectNode node = JSON.createObjectNode();
        node.put("path", candidate.description());
        node.put("inheritedAccuracy", candidate.accuracy());
        node.put("parameters", candidate.parameters());
        node.put("macs", candidate.macs());
        return node;
    }
}
