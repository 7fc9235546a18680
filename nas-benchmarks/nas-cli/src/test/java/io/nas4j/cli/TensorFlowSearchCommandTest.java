package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.backend.tensorflow.TensorFlowBackend;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas search --backend tensorflow} on the embedded digits, in this JVM and in a worker process, and
 * {@code nas export --format savedmodel}, whose SavedModel TensorFlow's own loader reads and which
 * reproduces the search's test accuracy: real training, tiny budgets.
 */
class TensorFlowSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void searchesOnTensorflowAndExportsASavedModelThatTensorflowReads() throws Exception {
        Path out = folder.resolve("digits");
        Outcome search = run("search", "--backend", "tensorflow", "--budget", "3", "--epochs", "2", "--final-epochs", "3",
                "--workers", "0", "--seed", "5", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("backend").asText()).isEqualTo("tensorflow");
        assertThat(result.get("trials").asInt()).isEqualTo(3);
        JsonNode best = result.get("best");
        double testAccuracy = best.get("test").get("accuracy").asDouble();
        // ten classes: chance is 0.1, and three epochs of a searched network learn far more than that
        assertThat(testAccuracy).isGreaterThan(0.5);

        Outcome export = run("export", "--out", out.toString(), "--format", "savedmodel");
        assertThat(export.status()).as(export.err()).isZero();
        Path exported = out.resolve("export-savedmodel");
        assertThat(exported.resolve("saved_model.pb")).isRegularFile();
        assertThat(exported.resolve("variables").resolve("variables.index")).isRegularFile();
        JsonNode description = JSON.readTree(exported.resolve("export.json").toFile());
        assertThat(description.get("format").asText()).isEqualTo("savedmodel");
        assertThat(description.get("signature").asText()).isEqualTo("serving_default");
        assertThat(description.get("input").asText()).isEqualTo("input float32 [-1, 1, 8, 8]");
        assertThat(description.get("loading").asText()).contains("gives the logits");

        // TensorFlow's loader, no nas4j code: the test split of the same seed gives the same accuracy
        Dataset test = ClassificationTask.digits(5).test();
        float[] images = new float[test.size() * 64];
        test.copyInputs(IntStream.range(0, test.size()).toArray(), images);
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 input = TFloat32.tensorOf(Shape.of(test.size(), 1, 8, 8), DataBuffers.of(images, true, false));
             Result output = bundle.function("serving_default").call(Map.of("input", input))) {
            TFloat32 logits = (TFloat32) output.get("output").orElseThrow();
            int correct = 0;
            for (int row = 0; row < test.size(); row++) {
                int predicted = 0;
                for (int column = 1; column < 10; column++) {
                    if (logits.getFloat(row, column) > logits.getFloat(row, predicted)) {
                        predicted = column;
                    }
                }
                correct += predicted == test.label(row) ? 1 : 0;
            }
            assertThat((double) correct / test.size()).isEqualTo(testAccuracy);
        }
        try (TrainingBackend.Model model = new TensorFlowBackend().load(exported)) {
            assertThat(model.parameterCount()).isEqualTo(best.get("parameters").asLong());
        }
    }

    @Test
    void runsTensorflowTrialsInWorkerProcesses() throws Exception {
        Path out = folder.resolve("workers");
        Outcome search = run("search", "--backend", "tensorflow", "--budget", "2", "--epochs", "1", "--final-epochs", "1",
                "--workers", "1", "--space", "nb201", "--strategy", "random", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("complete").asInt()).isEqualTo(2);
        assertThat(result.get("backend").asText()).isEqualTo("tensorflow");
        assertThat(result.get("config").get("workers").asInt()).isEqualTo(1);
    }

    @Test
    void aSavedModelOfADjlModelIsAUsageError() throws Exception {
        Path out = folder.resolve("djl");
        Files.createDirectories(out.resolve("model"));
        Files.writeString(out.resolve("result.json"), "{\"backend\": \"djl\", \"best\": {\"model\": \""
                + out.resolve("model").toString().replace("\\", "\\\\") + "\"}}");

        Outcome outcome = run("export", "--out", out.toString(), "--format", "savedmodel");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("nas export: --format savedmodel needs a model trained with --backend "
                + "tensorflow; this one was trained on: djl");
    }

    @Test
    void anUnknownFormatNamesTheAllowedOnes() {
        Outcome outcome = run("export", "--out", folder.toString(), "--format", "onnx");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("nas export: --format onnx is unknown; allowed: djl, savedmodel, tensorflow");
    }

    private static Outcome run(String... args) {
        return CliRun.run(INJECTOR, args);
    }
}
