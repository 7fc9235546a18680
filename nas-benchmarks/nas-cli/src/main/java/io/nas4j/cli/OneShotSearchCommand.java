package io.nas4j.cli;

import io.nas4j.runner.result.Baselines;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.TrainingSearchDefaults;
import io.nas4j.runner.training.TrainingSearchSpec;
import java.time.Duration;
import java.time.Instant;

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
import io.nas4j.runner.training.VolumetricData;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.strategies.oneshot.Darts;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.strategies.oneshot.Derivation;
import io.nas4j.strategies.oneshot.Enas;
import io.nas4j.strategies.oneshot.InheritedWeightEvolution;
import io.nas4j.strategies.oneshot.Specialisation;
import io.nas4j.tasks.classification.ClassificationTask;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code nas search --strategy darts|spos|enas}: a one-shot search ({@link OneShotSearch}) on a classification
 * task, printed epoch by epoch, written to {@code result.json} (the configuration used, the chosen network
 * with its test accuracy after the final training and the saved model, and the strategy's record: DARTS's
 * epochs, final architecture weights, guarded and unguarded derivation; SPOS's scored subnets and
 * specialised subnets; ENAS's epochs with the controller's mean reward, and its scored candidates).
 */
final class OneShotSearchCommand {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String TRAINED = "trained";
    private static final String SUPERNET = "supernet";
    private static final String SPOS = "spos";
    private static final java.util.function.Predicate<String> SUPERNET_ESTIMATOR =
            strategy -> !strategy.equals("darts") && !strategy.equals("enas");

    private OneShotSearchCommand() {
    }

    /** Whether {@code strategy} names a one-shot strategy, which this command runs instead of a trial search. */
    static boolean handles(String strategy) {
        return strategy != null && OneShotSpec.STRATEGIES.contains(strategy);
    }

    /**
     * Whether the configuration asks for the supernet estimator ({@code --estimator supernet}); checks the
     * estimator and {@code --retrain-top}, which only it reads.
     *
     * @throws UserInputException naming the flag for an unknown estimator, {@code --retrain-top} without the
     *                            supernet estimator, or the estimator with a strategy that searches its own supernet
     */
    static boolean supernetEstimator(SearchConfig merged) {
        String estimator = merged.estimator() == null ? TRAINED : Inputs.oneOf(merged.estimator(), "--estimator",
                java.util.List.of(TRAINED, SUPERNET));
        boolean supernet = estimator.equals(SUPERNET);
        if (merged.retrainTop() != null && !supernet && !SPOS.equals(merged.strategy())) {
            throw new UserInputException("--retrain-top needs --estimator supernet (or --strategy spos): with trained"
                    + " candidates every one is already trained stand-alone");
        }
        if (supernet && merged.strategy() != null && handles(merged.strategy()) && !SPOS.equals(merged.strategy())) {
            throw new UserInputException("--estimator supernet serves black-box strategies; --strategy "
                    + merged.strategy() + " searches its own supernet, so leave --estimator out");
        }
        return supernet;
    }

    static OneShotSpec resolve(SearchConfig merged, String backend, OneShotSearch search) {
        String strategy = merged.strategy() != null ? merged.strategy() : SPOS;
        if (!OneShotSpec.STRATEGIES.contains(strategy)) {
            Inputs.oneOf(strategy, "--strategy", search.strategyNames());
        }
        boolean volumes = VolumetricData.TASK.equals(merged.task())
                || (merged.dataset() != null && VolumetricData.NAMES.contains(merged.dataset()));
        if (merged.task() != null && !merged.task().equals(TrainingDefaults.TASK) && !volumes) {
            throw new UserInputException("--strategy " + strategy + " searches classification tasks (images or volumes)"
                    + " only; --task " + merged.task() + " is not allowed with it");
        }
        String dataset = volumes
                ? Inputs.oneOf(merged.dataset() != null ? merged.dataset() : VolumetricData.NAMES.get(0), "--dataset",
                VolumetricData.NAMES)
                : Inputs.oneOf(merged.dataset() != null ? merged.dataset() : TrainingDefaults.DATASET, "--dataset",
                ClassificationData.NAMES);
        boolean digits = dataset.equals(TrainingDefaults.DATASET);
        String space = Inputs.oneOf(merged.space() != null ? merged.space() : volumes ? "chain" : "nb201", "--space",
                OneShotSpec.SPACES);
        if (volumes && !space.equals("chain")) {
            throw new UserInputException("--space " + space + " has a 2D cell supernet; volumes are searched on the"
                    + " chain supernet (--space chain)");
        }
        Inputs.oneOf(backend, "--backend", search.backends());
        int epochs = Inputs.atLeastOne(merged.epochs() != null ? merged.epochs() : (digits ? 20 : 5), "--epochs");
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
        // With a time limit and no --final-epochs the final training fills the time the search leaves.
        int finalEpochs = Inputs.atLeastOne(merged.finalEpochs() != null ? merged.finalEpochs()
                : timeLimit > 0 ? TrainingSearchDefaults.TIME_FILLING_FINAL_EPOCHS : digits ? 40 : 10, "--final-epochs");
        int budget = Inputs.atLeastOne(merged.budget() != null ? merged.budget() : 50, "--budget");
        long seed = merged.seed() != null ? merged.seed() : 0;
        String dataDir = DataLocations.absolute(merged.dataDir());
        int retrainTop = merged.retrainTop() == null ? 1 : merged.retrainTop();
        if (retrainTop < 1 || retrainTop > budget) {
            throw new UserInputException("--retrain-top must be between 1 and --budget (" + budget + "), got " + retrainTop);
        }
        if ((merged.supernetOut() != null || merged.supernetFrom() != null) && !SUPERNET_ESTIMATOR.test(strategy)) {
            throw new UserInputException((merged.supernetOut() != null ? "--supernet-out" : "--supernet-from")
                    + " keeps single-path supernets (--estimator supernet or --strategy spos); --strategy " + strategy
                    + " trains its own");
        }
        double finalShare = merged.finalShare() == null ? TrainingSearchSpec.DEFAULT_FINAL_SHARE : merged.finalShare();
        if (!(finalShare > 0 && finalShare <= 1)) {
            throw new UserInputException("--final-share must be in (0, 1], got " + finalShare);
        }
        String baseline = merged.baseline() == null ? HandDesignedBaseline.NONE : Inputs.oneOf(merged.baseline(),
                "--baseline", HandDesignedBaseline.names(TrainingDefaults.TASK, dataset));
        String augment = merged.augment() == null ? null : ClassificationData.checkAugment(merged.augment(),
                TrainingDefaults.TASK, dataset);
        double weightDecay = TrainingSearchSpec.checkWeightDecay(merged.weightDecay() == null ? 0 : merged.weightDecay());
        OneShotSpec spec = new OneShotSpec(strategy, dataset, dataDir, space, backend, seed, epochs, finalEpochs, batchSize,
                learningRate, dataFraction, timeLimit, budget, merged.settings(), retrainTop,
                merged.supernetOut() == null ? null : Path.of(merged.supernetOut()).toAbsolutePath().normalize().toString(),
                merged.supernetFrom() == null ? null : Path.of(merged.supernetFrom()).toAbsolutePath().normalize().toString(),
                finalShare, baseline, augment, weightDecay);
        try {
            search.validate(spec);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--set / settings: " + e.getMessage(), e);
        }
        return spec;
    }

    static int run(OneShotSearch search, SearchConfig merged, String backend, PrintWriter printer, PrintWriter err) {
        Instant started = Instant.now();
        OneShotSpec spec = resolve(merged, backend, search);
        ClassificationTask task = ClassificationData.load(spec.dataset(), spec.dataDir(), spec.seed(), spec.augment());
        try {
            OneShotSearch.supernet(spec, task);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--set / settings: " + e.getMessage(), e);
        }
        OneShotSearch.checkSavedSupernet(spec, task);
        Path output = Inputs.outputDirectory(merged.out(), "runs/search-" + spec.dataset());
        ResultFiles.refuseExisting(output);
        err.println("searching " + spec.space() + " on " + spec.dataset() + " with " + spec.strategy() + " ("
                + (spec.supernetFrom() != null ? "the supernet saved in " + spec.supernetFrom() : spec.epochs()
                + " supernet epochs") + (spec.supernetEstimator() ? ", " + spec.budget() + " subnets scored"
                + (spec.retrainTop() > 1 ? ", the best " + spec.retrainTop() + " retrained" : "") : "")
                + (spec.strategy().equals("enas") ? ", " + OneShotSearch.enasSettings(spec).controllerSteps()
                + " controller steps an epoch" : "")
                + ", backend " + spec.backend() + ")");
        err.flush();
        Progress progress = new Progress(err);
        OneShotSearch.Outcome outcome;
        try {
            outcome = search.run(spec, task, output, progress);
        } finally {
            progress.finish();
        }
        HandDesignedBaseline.Result baseline = null;
        if (!spec.baseline().equals(HandDesignedBaseline.NONE)) {
            Duration elapsed = Duration.between(started, Instant.now());
            err.println(BaselineLines.training(spec.baseline(), elapsed));
            err.flush();
            TrainingBackend trainer = search.trainer(spec.backend());
            baseline = BaselineLines.withProgress(err, spec.baseline(), epochs -> HandDesignedBaseline.train(trainer,
                    task, spec.baseline(), OneShotSearch.finalPlan(spec), elapsed, epochs));
        }
        Path file = write(outcome, output, baseline);
        Optional<Path> report = Reports.result(output, "a one-shot search records no trials", err);
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
        if (baseline != null) {
            BaselineLines.print(printer, baseline, outcome.test().accuracy());
        }
        printer.println("wrote " + file);
        report.ifPresent(page -> printer.println("report: " + page));
        printer.flush();
        return NasCommand.OK;
    }

    static Path write(OneShotSearch.Outcome outcome, Path output) {
        return write(outcome, output, null);
    }

    static Path write(OneShotSearch.Outcome outcome, Path output, HandDesignedBaseline.Result baseline) {
        OneShotSpec spec = outcome.spec();
        ObjectNode root = JSON.createObjectNode();
        root.put("task", VolumetricData.NAMES.contains(spec.dataset()) ? VolumetricData.TASK : TrainingDefaults.TASK);
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
            node.put("estimator", SUPERNET);
            node.put("strategy", spec.strategy().equals(SPOS) ? "regularized-evolution" : spec.strategy());
            ArrayNode retrained = node.putArray("retrained");
            for (OneShotSearch.Retrained entry : outcome.spos().retrained()) {
                retrained.add(JSON.valueToTree(entry));
            }
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
        if (outcome.enas() != null) {
            ObjectNode node = root.putObject("enas");
            node.put("seconds", outcome.enas().seconds());
            ArrayNode epochs = node.putArray("epochs");
            outcome.enas().epochs().forEach(epoch -> epochs.add(JSON.valueToTree(epoch)));
            ArrayNode candidates = node.putArray("candidates");
            for (Enas.Candidate candidate : outcome.enas().candidates()) {
                ObjectNode item = candidates.addObject();
                item.put("path", candidate.description());
                item.put("inheritedAccuracy", candidate.accuracy());
            }
        }
        if (baseline != null) {
            root.set("baseline", Baselines.json(baseline, outcome.test().accuracy()));
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

    /** The supernet's epochs, one line each, then a progress line for the final training. */
    private static final class Progress implements OneShotSearch.FinalTrainingListener {

        private final PrintWriter err;
        private ProgressLine finalTraining;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void epochFinished(Darts.Epoch epoch) {
            err.println(String.format(Locale.ROOT, "  epoch %d: weight loss %.4f%s%s (%.1fs)", epoch.epoch(),
                    epoch.weightLoss(),
                    Double.isNaN(epoch.alphaLoss()) ? "" : String.format(Locale.ROOT, ", alpha loss %.4f", epoch.alphaLoss()),
                    Double.isNaN(epoch.validationAccuracy()) ? ""
                            : String.format(Locale.ROOT, ", mixed validation accuracy %.4f, argmax %s",
                            epoch.validationAccuracy(), epoch.argmax()),
                    epoch.seconds()));
            err.flush();
        }

        @Override
        public void finalTrainingStarted(int epochs) {
            finish();
            finalTraining = new ProgressLine(err, "final training");
        }

        @Override
        public void finalEpochFinished(int epoch, int epochs, double trainLoss) {
            finalTraining.epoch(epoch, epochs, trainLoss);
        }

        void finish() {
            if (finalTraining != null) {
                finalTraining.finish();
            }
        }
    }
}
