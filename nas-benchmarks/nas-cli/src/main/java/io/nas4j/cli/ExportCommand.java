package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.nas4j.backend.tensorflow.SavedModels;
import io.nas4j.backend.tensorflow.TensorFlowBackend;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrainingBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code nas export}: writes the final model of a search in a backend's own format, for use without
 * nas4j's search code. For {@code djl}: the DJL parameter file and the network description the DJL
 * backend rebuilds the blocks from, {@code normalization.json} (the per-channel input statistics), plus
 * {@code export.json} (architecture, input shape, input normalisation, test accuracy); for {@code tensorflow}
 * the same with the network's SavedModel. For {@code savedmodel} (a model trained with the {@code tensorflow}
 * backend): that SavedModel, whose {@code serving_default} signature takes the standardised images channels
 * first and gives the logits, ready for TensorFlow's own loaders. The export is loaded back once before the
 * command reports success (a SavedModel also with TensorFlow's loader, and run once). With {@code --trial ID} it
 * writes instead the model of a member of the Pareto front that a search with several objectives trained again.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the best model of a search (DIR/model) in a backend's format.")
final class ExportCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the search's output folder")
    private Path out;

    /** The format that is a TensorFlow SavedModel, written from the tensorflow backend's model. */
    static final String SAVED_MODEL = "savedmodel";

    @Option(names = "--format", paramLabel = "FORMAT", required = true,
            description = "djl, tensorflow, or savedmodel (a TensorFlow SavedModel of a tensorflow-trained model)")
    private String format;

    @Option(names = "--to", paramLabel = "DIR", description = "where to write (default DIR/export-FORMAT, or DIR/export-FORMAT-trial-ID)")
    private Path to;

    @Option(names = "--trial", paramLabel = "ID",
            description = "a member of the Pareto front of a search with several objectives that was trained again (default: the best by accuracy)")
    private Long trial;

    @Spec
    private CommandSpec spec;

    private final Map<String, TrainingBackend> backends;

    @Inject
    ExportCommand(Map<String, TrainingBackend> backends) {
        this.backends = backends;
    }

    /**
     * The entry of {@code --trial} in the result's {@code front}, refused in one sentence when the search kept no
     * front, or the trial is not on it or was not trained again.
     */
    private JsonNode frontMember(JsonNode result, Path resultFile) {
        JsonNode front = result.path("front");
        if (!front.isArray()) {
            throw new UserInputException("--trial applies to a search with several --objectives; " + resultFile
                    + " holds one best network, which 'nas export' without --trial writes");
        }
        List<String> trained = new java.util.ArrayList<>();
        for (JsonNode member : front) {
            if (member.path("trainedAgain").asBoolean(false)) {
                trained.add(member.path("trial").asText());
            }
        }
        for (JsonNode member : front) {
            if (member.path("trial").asLong(-1) == trial) {
                if (!member.path("trainedAgain").asBoolean(false)) {
                    throw new UserInputException("--trial " + trial + " is on the Pareto front in " + resultFile
                            + " but was not trained again; trained again: " + String.join(", ", trained)
                            + " (a search with a larger --final-front trains more)");
                }
                return member;
            }
        }
        throw new UserInputException("--trial " + trial + " is not a member of the Pareto front in " + resultFile
                + "; trained again: " + String.join(", ", trained));
    }

    @Override
    public Integer call() {
        Inputs.named(out, "--out");
        Inputs.named(to, "--to");
        boolean savedModel = format.equals(SAVED_MODEL);
        String backendName = savedModel ? TensorFlowBackend.NAME : format;
        TrainingBackend backend = backends.get(backendName);
        if (backend == null) {
            TreeSet<String> allowed = new TreeSet<>(backends.keySet());
            if (allowed.contains(TensorFlowBackend.NAME)) {
                allowed.add(SAVED_MODEL);
            }
            throw new UserInputException("--format " + format + " is unknown; allowed: " + String.join(", ", allowed));
        }
        Path resultFile = out.resolve(SearchCommand.RESULT_FILE);
        if (!Files.isRegularFile(resultFile)) {
            throw new UserInputException("--out " + out + " holds no " + SearchCommand.RESULT_FILE
                    + "; run nas search with --out " + out + " first");
        }
        JsonNode result;
        try {
            result = JSON.readTree(resultFile.toFile());
        } catch (IOException e) {
            throw new UserInputException(resultFile + " is not readable JSON: " + e.getMessage(), e);
        }
        JsonNode best = trial == null ? result.path("best") : frontMember(result, resultFile);
        if (!best.hasNonNull("model")) {
            throw new UserInputException(resultFile + " has no trained model (no trial completed, or a tabular search)");
        }
        if (!backendName.equals(result.path("backend").asText())) {
            throw new UserInputException("--format " + format + (savedModel ? " needs a model trained with --backend "
                    + TensorFlowBackend.NAME + "; this one was trained on: " : " does not match the backend the model "
                    + "was trained on: ") + result.path("backend").asText());
        }
        Path model = Path.of(best.get("model").asText());
        if (!Files.isDirectory(model)) {
            throw new UserInputException("the model folder " + model + " named in " + resultFile + " does not exist");
        }
        Path target = to != null ? to : out.resolve("export-" + format + (trial == null ? "" : "-trial-" + trial));
        try {
            Files.createDirectories(target);
            List<Path> files;
            try (Stream<Path> listing = Files.walk(model)) {
                files = listing.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                // folders too: a SavedModel keeps its variables in variables/
                Path copy = target.resolve(model.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            long parameters;
            String inputShape;
            try (TrainingBackend.Model loaded = backend.load(target)) {
                parameters = loaded.parameterCount();
                inputShape = loaded.spec().input().toString();
            }
            ObjectNode description = JSON.createObjectNode();
            description.put("format", format);
            description.put("architecture", best.path("genome").asText());
            description.put("space", result.path("space").asText());
            description.put("dataset", result.path("dataset").asText());
            description.put("inputShape", inputShape);
            description.put("parameters", parameters);
            boolean detector = best.path("test").has("map50");
            if (detector) {
                description.put("testMap50", best.path("test").path("map50").asDouble());
                description.put("testMap", best.path("test").path("map").asDouble());
                description.set("classes", result.path("classes"));
            } else {
                description.put("testAccuracy", best.path("test").path("accuracy").asDouble());
            }
            if (trial != null) {
                description.put("trial", trial);
                description.set("objectives", best.path("objectives"));
            }
            // every model of a search is trained on the same standardised inputs; the best's entry records them
            description.set("inputNormalization", result.path("best").path("inputNormalization"));
            String standardise = "standardise each input channel c as (x - mean[c]) / std[c] (std 0: divide by 1) "
                    + "with inputNormalization, as in training";
            if (savedModel) {
                SavedModels.Description signature = SavedModels.read(target);
                description.put("signature", TensorFlowBackend.SIGNATURE);
                description.put("input", signature.inputName() + " float32 " + signature.input());
                description.put("output", signature.outputName() + " float32 " + signature.output());
                description.put("loading", "SavedModelBundle.load(folder, \"serve\") in Java or tf.saved_model.load(folder) "
                        + "in Python; the signature serving_default takes the images channels first [batch, C, H, W] "
                        + "and gives " + (detector ? "one raw row per anchor (objectness logit, box offsets, class "
                        + "logits; decode them with the anchors and non-maximum suppression as nas4j's detection task does)"
                        : "the logits") + "; " + standardise);
            } else {
                description.put("loading", backend.getClass().getSimpleName() + ".load(folder) rebuilds the network "
                        + "from network.json and its parameters; " + standardise);
            }
            Files.writeString(target.resolve("export.json"), JSON.writeValueAsString(description) + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            PrintWriter printer = spec.commandLine().getOut();
            printer.println("exported " + best.path("genome").asText() + " (" + parameters + " parameters) to " + target);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + target + ": " + e.getMessage(), e);
        }
        return NasCommand.OK;
    }
}
