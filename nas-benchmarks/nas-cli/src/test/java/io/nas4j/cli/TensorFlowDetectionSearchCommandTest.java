package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.backend.tensorflow.TensorFlowBackend;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nas search --task detection --backend tensorflow} on the embedded digit canvases: candidates and the
 * final detector train on TensorFlow with the detection loss, and the detector exports as a SavedModel.
 * Real training, tiny budget.
 */
class TensorFlowDetectionSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void searchesDetectorsOnTensorflowAndExportsTheFinalOneAsASavedModel() throws Exception {
        Path out = folder.resolve("detection");
        Outcome search = CliRun.run(INJECTOR, "search", "--task", "detection", "--backend", "tensorflow", "--budget", "2",
                "--epochs", "1", "--final-epochs", "1", "--data-fraction", "0.5", "--workers", "0", "--seed", "3",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("best detector: ", "test mAP@0.5 ", "wrote ");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("backend").asText()).isEqualTo("tensorflow");
        assertThat(result.get("task").asText()).isEqualTo("detection");
        assertThat(result.get("complete").asInt()).as("no candidate failed: %s", result.get("trialsList")).isEqualTo(2);
        JsonNode best = result.get("best");
        assertThat(best.get("validation").get("map50").asDouble()).isBetween(0.0, 1.0);
        assertThat(best.get("test").get("map50").asDouble()).isBetween(0.0, 1.0);
        assertThat(best.get("test").get("images").asInt()).isEqualTo(250);
        assertThat(best.get("test").get("perClassAp50")).hasSize(10);
        try (TrainingBackend.Model model = new TensorFlowBackend().load(out.resolve("model"))) {
            assertThat(model.parameterCount()).isEqualTo(best.get("parameters").asLong());
            assertThat(model.spec().node(model.spec().output()).op()).isInstanceOf(Op.DetectionOutput.class);
        }

        Outcome export = CliRun.run(INJECTOR, "export", "--out", out.toString(), "--format", "savedmodel");
        assertThat(export.status()).as(export.err()).isZero();
        JsonNode description = JSON.readTree(out.resolve("export-savedmodel").resolve("export.json").toFile());
        assertThat(description.get("testMap50").asDouble()).isEqualTo(best.get("test").get("map50").asDouble());
        assertThat(description.get("input").asText()).isEqualTo("input float32 [-1, 1, 48, 48]");
        // one row per anchor: objectness, four box offsets, ten class scores
        assertThat(description.get("output").asText()).startsWith("output float32 [1, ").endsWith(", 15]");
        assertThat(description.get("loading").asText()).contains("one raw row per anchor").doesNotContain("gives the logits");
    }
}
