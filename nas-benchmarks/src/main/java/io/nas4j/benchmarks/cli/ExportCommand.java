package io.nas4j.benchmarks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.nas4j.benchmarks.UserInputException;
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
 * {@code export.json} (architecture, input shape, input normalisation, test accuracy). The export is loaded back once before the command reports success.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the best model of a search (DIR/model) in a backend's format.")
final class ExportCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the search's output folder")
    private Path out;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "djl")
    private String format;

    @Option(names = "--to", paramLabel = "DIR", description = "where to write (default DIR/export-FORMAT)")
    private Path to;

    @Spec
    private CommandSpec spec;

    private final Map<String, TrainingBackend> backends;

    @Inject
    ExportCommand(Map<String, TrainingBackend> backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        TrainingBackend backend = backends.get(format);
        if (backend == null) {
            throw new UserInputException("--format " + format + " is unknown; allowed: "
                    + String.join(", ", new TreeSet<>(backends.keySet())));
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
        JsonNode best = result.path("best");
        if (!best.hasNonNull("model")) {
            throw new UserInputException(resultFile + " has no trained model (no trial completed, or a tabular search)");
        }
        if (!format.equals(result.path("backend").asText())) {
            throw new UserInputException("--format " + format + " does not match the backend the model was trained on: "
                    + result.path("backend").asText());
        }
        Path model = Path.of(best.get("model").asText());
        if (!Files.isDirectory(model)) {
            throw new UserInputException("the model folder " + model + " named in " + resultFile + " does not exist");
        }
        Path target = to != null ? to : out.resolve("export-" + format);
        try {
            Files.createDirectories(target);
            List<Path> files;
            try (Stream<Path> listing = Files.list(model)) {
                files = listing.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
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
            if (best.path("test").has("map50")) {
                description.put("testMap50", best.path("test").path("map50").asDouble());
                description.put("testMap", best.path("test").path("map").asDouble());
                description.set("classes", result.path("classes"));
            } else {
                description.put("testAccuracy", best.path("test").path("accuracy").asDouble());
            }
            description.set("inputNormalization", best.path("inputNormalization"));
            description.put("loading", "DjlBackend.load(folder) rebuilds the network from network.json and its "
                    + "parameters; standardise each input channel c as (x - mean[c]) / std[c] (std 0: divide by 1) "
                    + "with inputNormalization, as in training");
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
