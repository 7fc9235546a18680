package io.nas4j.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;
import io.nas4j.runner.result.ResultFiles;
import io.nas4j.runner.result.TransferResultFile;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.runner.training.Transfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code nas retrain}: trains an architecture a search found (its best, or any completed trial) from scratch
 * on another data set and tests it there ({@link Transfer}), writing {@code result.json} with the source, the
 * adaptation of stem and head, and the test metrics, and the model, which {@code nas export} exports. The
 * training follows the search's configuration (backend, optimiser, batch size, learning rate, final epochs,
 * seed) unless a flag says otherwise.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an architecture a search found from scratch on another data set and test it there.")
final class RetrainCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Option(names = "--from", paramLabel = "DIR", required = true, description = "the output folder of the search that found it")
    private Path from;

    @Option(names = "--trial", paramLabel = "ID", description = "a completed trial of that search (default: its best)")
    private Long trial;

    @Option(names = "--dataset", paramLabel = "D", required = true,
            description = "the data set to train and test on: digits, mnist, fashion-mnist, cifar10; volumes: mricron-atlas, medmnist3d")
    private String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding that data set's files")
    private String dataDir;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the search's final epochs)")
    private Integer epochs;

    @Option(names = "--backend", paramLabel = "B", description = "the training backend (default: the search's)")
    private String backend;

    @Option(names = "--seed", paramLabel = "N", description = "seed (default: the search's)")
    private Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: FROM/transfer-DATASET)")
    private String out;

    @Spec
    private CommandSpec spec;

    private final TrainingSearch training;

    @Inject
    RetrainCommand(Strategies installed, Map<String, TrainingBackend> trainingBackends,
                   Map<String, ProxyScorer> proxyScorers) {
        this.training = new TrainingSearch(trainingBackends, proxyScorers, installed);
    }

    @Override
    public Integer call() throws IOException {
        Inputs.named(from, "--from");
        Path resultFile = from.resolve(ResultFiles.RESULT_FILE);
        if (!Files.isRegularFile(resultFile)) {
            throw new UserInputException("--from " + from + " holds no " + ResultFiles.RESULT_FILE
                    + "; give the output folder of a finished nas search");
        }
        JsonNode result;
        try {
            result = JSON.readTree(resultFile.toFile());
        } catch (IOException e) {
            throw new UserInputException(resultFile + " is not readable JSON: " + e.getMessage(), e);
        }
        String task = result.path("task").asText("");
        if (!task.equals("classification") && !task.equals("volumetric")) {
            throw new UserInputException("--from " + from + " holds a " + (task.isEmpty() ? "tabular" : task)
                    + " search; retrain takes classification and volumetric searches");
        }
        JsonNode chosen = chosen(result);
        String architecture = chosen.path("genome").asText();
        // the spec the search ran with, as it recorded it (a space file's text included), and the same on the target
        ObjectNode sourceConfig = ((ObjectNode) result.path("config")).deepCopy();
        ObjectNode targetConfig = sourceConfig.deepCopy();
        targetConfig.put("dataset", dataset);
        targetConfig.put("dataDir", dataDir);
        if (seed != null) {
            targetConfig.put("seed", seed);
        }
        if (backend != null) {
            targetConfig.put("backend", backend);
        }
        TrainingSearchSpec source = spec(sourceConfig, resultFile);
        TrainingSearchSpec target = spec(targetConfig, resultFile);
        int trainEpochs = epochs != null ? Inputs.atLeastOne(epochs, "--epochs") : source.finalEpochs();
        Path output = Inputs.outputDirectory(out, from.resolve("transfer-" + dataset
                + (trial != null ? "-trial" + trial : "")).toString());
        ResultFiles.refuseExisting(output);

        Transfer.Prepared prepared;
        try {
            prepared = Transfer.prepare(training, source, architecture, target);
        } catch (UserInputException e) {
            if (e.field().filter("architecture"::equals).isPresent()) {
                throw new UserInputException(e.message(field -> field.equals("architecture") ? "the architecture"
                        : Flags.of(field)) + " (" + resultFile + ")", e);
            }
            throw e;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("training " + prepared.architecture() + " (found on " + source.dataset() + ") on " + dataset
                + " for " + trainEpochs + " epochs");
        err.flush();
        Transfer.Result trained = prepared.train(trainEpochs, output);
        Path file = TransferResultFile.write(output, target, trained, source(result, chosen));
        PrintWriter printer = spec.commandLine().getOut();
        printer.println("architecture: " + trained.architecture());
        printer.println(String.format(Locale.ROOT, "  on %s: test accuracy %.4f after %d epochs on train+validation,"
                        + " %,d parameters", dataset, trained.test().accuracy(), trained.epochs(),
                trained.network().parameters()));
        printer.println("  adapted: " + (trained.adaptation().changes().isEmpty() ? "nothing (same input shape and classes)"
                : String.join("; ", trained.adaptation().changes())));
        printer.println("model: " + trained.model());
        printer.println("wrote " + file);
        printer.flush();
        return NasCommand.OK;
    }

    /**
     * The spec in {@code config}; a refusal of its values names the flag (the target's data set, backend or seed
     * come from this command's flags), and a config this nas4j cannot read at all is one sentence naming the file.
     */
    private static TrainingSearchSpec spec(ObjectNode config, Path resultFile) {
        try {
            return JSON.treeToValue(config, TrainingSearchSpec.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Optional<UserInputException> userInput = Failures.userInput(e);
            if (userInput.isPresent()) {
                throw userInput.get();
            }
            throw new UserInputException(resultFile + " holds a configuration this nas4j cannot read: "
                    + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserInputException(resultFile + " holds a configuration this nas4j cannot read: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The trial asked for, or the search's best; refused when it is not a completed trial. */
    private JsonNode chosen(JsonNode result) {
        if (trial == null) {
            JsonNode best = result.path("best");
            if (!best.hasNonNull("genome")) {
                throw new UserInputException("--from " + from + " has no best architecture (no trial completed)");
            }
            return best;
        }
        List<String> completed = new ArrayList<>();
        for (JsonNode row : result.path("trialsList")) {
            if (row.path("state").asText().equals("COMPLETE")) {
                if (row.path("id").asLong() == trial) {
                    return row;
                }
                completed.add(row.path("id").asText());
            }
        }
        throw new UserInputException("--trial " + trial + " is not a completed trial of the search in " + from
                + (completed.isEmpty() ? "; it has none" : "; completed: " + summary(completed)));
    }

    private static String summary(List<String> ids) {
        return ids.size() <= 12 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 10)) + ", ... (" + ids.size() + " in all)";
    }

    /** What {@code result.json} of the search says about the architecture: where, which trial, how it scored there. */
    private Map<String, Object> source(JsonNode result, JsonNode chosen) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("from", from.toAbsolutePath().toString());
        if (trial != null) {
            source.put("trial", trial);
        } else if (chosen.has("trial")) {
            source.put("trial", chosen.get("trial").asLong());
        }
        source.put("strategy", result.path("strategy").asText());
        double validation = chosen.has("validation") ? chosen.path("validation").path("accuracy").asDouble(Double.NaN)
                : chosen.path("accuracy").asDouble(Double.NaN);
        if (!Double.isNaN(validation)) {
            source.put("validationAccuracy", validation);
        }
        if (chosen.path("test").has("accuracy")) {
            source.put("testAccuracy", chosen.path("test").path("accuracy").asDouble());
        }
        return source;
    }
}
