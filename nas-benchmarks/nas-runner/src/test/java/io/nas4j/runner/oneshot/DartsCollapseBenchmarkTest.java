package io.nas4j.runner.oneshot;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.backend.djl.DjlSupernetBackend;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.supernet.CellSupernet;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.strategies.oneshot.Darts;
import io.nas4j.strategies.oneshot.Derivation;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a specification (run with {@code -Dnas4j.benchmark=true}): DARTS on the embedded
 * digits (NB201 cell supernet, {@code C = 8}, one cell per stage) for several seeds; per seed the skip
 * connections of the unguarded and the guarded derivation (at most 2 skips), and the test accuracy of both
 * cells trained from scratch on training + validation. Written to {@code target/darts-collapse.json}.
 * Properties: {@code nas4j.darts.epochs} (default 30), {@code nas4j.darts.seeds} (default 3),
 * {@code nas4j.darts.firstSeed} (default 0), {@code nas4j.darts.finalEpochs} (default 30). Also derived from
 * the same alphas and trained: the cell under the second guard, at most {@code nas4j.darts.maxParameterFree}
 * (default 3) parameter-free picks (skips and pooling).
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class DartsCollapseBenchmarkTest {

    @Test
    void skipConnectionsWithAndWithoutTheGuard() throws Exception {
        int epochs = Integer.getInteger("nas4j.darts.epochs", 30);
        int seeds = Integer.getInteger("nas4j.darts.seeds", 3);
        int finalEpochs = Integer.getInteger("nas4j.darts.finalEpochs", 30);
        int firstSeed = Integer.getInteger("nas4j.darts.firstSeed", 0);
        int maxParameterFree = Integer.getInteger("nas4j.darts.maxParameterFree", 3);
        ClassificationTask digits = ClassificationTask.digits(0);
        SupernetSpec spec = CellSupernet.of(digits.head(), 8, 1);
        CellSpace space = new CellSpace(8, 1);
        DjlBackend trainer = new DjlBackend();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            Darts.Result result = Darts.search(new DjlSupernetBackend(), spec, digits.train(), digits.validation(),
                    new Darts.Settings(epochs, 64, 3e-3, epochs / 4, 2, 0, seed), Darts.Listener.none());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seed", seed);
            row.put("searchSeconds", result.seconds());
            row.put("unguarded", space.format(CellSupernet.genome(result.unguardedPath())));
            row.put("guarded", space.format(CellSupernet.genome(result.path())));
            row.put("skipsUnguarded", Derivation.skips(spec, result.unguardedPath()));
            row.put("skipsGuarded", Derivation.skips(spec, result.path()));
            row.put("finalMixedValidationAccuracy", result.epochs().get(result.epochs().size() - 1).validationAccuracy());
            row.put("testUnguarded", retrainedTestAccuracy(trainer, spec, result.unguardedPath(), digits, finalEpochs, seed));
            row.put("testGuarded", java.util.Arrays.equals(result.path(), result.unguardedPath()) ? row.get("testUnguarded")
                    : retrainedTestAccuracy(trainer, spec, result.path(), digits, finalEpochs, seed));
            int[] freeGuarded = Derivation.derive(spec, result.alphas(), 2, maxParameterFree);
            row.put("parameterFreeUnguarded", Derivation.parameterFree(spec, result.unguardedPath()));
            row.put("parameterFreeGuarded", space.format(CellSupernet.genome(freeGuarded)));
            row.put("testParameterFreeGuarded", java.util.Arrays.equals(freeGuarded, result.path()) ? row.get("testGuarded")
                    : retrainedTestAccuracy(trainer, spec, freeGuarded, digits, finalEpochs, seed));
            rows.add(row);
            System.out.println(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("epochs", epochs);
        report.put("finalEpochs", finalEpochs);
        report.put("maxParameterFree", maxParameterFree);
        report.put("runs", rows);
        Path file = Path.of("target", "darts-collapse.json");
        Files.createDirectories(file.getParent());
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), report);
        System.out.printf(Locale.ROOT, "wrote %s%n", file.toAbsolutePath());
        assertThat(rows).hasSize(seeds);
    }

    private static double retrainedTestAccuracy(DjlBackend trainer, SupernetSpec spec, int[] path, ClassificationTask task,
                                                int epochs, long seed) {
        try (TrainingBackend.Model model = trainer.compile(spec.discrete(path))) {
            trainer.train(model, Datasets.concat("train+validation", task.train(), task.validation()), null,
                    TrainingPlan.adam(epochs, seed), TrainingBackend.EpochMonitor.none());
            return trainer.evaluate(model, task.test()).accuracy();
        }
    }
}
