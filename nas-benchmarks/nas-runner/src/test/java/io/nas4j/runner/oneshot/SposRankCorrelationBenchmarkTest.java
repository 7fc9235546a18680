package io.nas4j.runner.oneshot;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.backend.djl.DjlSupernetBackend;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.supernet.CellSupernet;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.strategies.oneshot.InheritedWeightEvolution;
import io.nas4j.strategies.oneshot.SinglePathOneShot;
import io.nas4j.strategies.oneshot.Specialisation;
import io.nas4j.strategies.stats.Correlations;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a specification (run with {@code -Dnas4j.benchmark=true}): how well single-path
 * one-shot's inherited-weight accuracy ranks architectures that are then trained stand-alone, on the
 * embedded digits with the NB201 cell supernet ({@code C = 8}, one cell per stage). One supernet is trained
 * with uniformly sampled paths; {@value #ARCHITECTURES} distinct random cells are scored with inherited
 * weights (batch norm recalibrated) and trained from scratch; Spearman's rho between the two is printed and
 * written to {@code target/spos-rank-correlation.json}, with the OFA-style specialisation of the same
 * supernet to three parameter limits (19,000, 25,000 and 40,000; the smallest cell of this skeleton has 18,594). Settings by property: {@code nas4j.spos.epochs} (supernet epochs,
 * default 30), {@code nas4j.spos.standAloneEpochs} (default 15).
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class SposRankCorrelationBenchmarkTest {

    private static final int ARCHITECTURES = 30;

    @Test
    void inheritedWeightAccuracyAgainstStandAloneTraining() throws Exception {
        int epochs = Integer.getInteger("nas4j.spos.epochs", 30);
        int standAloneEpochs = Integer.getInteger("nas4j.spos.standAloneEpochs", 15);
        ClassificationTask digits = ClassificationTask.digits(0);
        SupernetSpec spec = CellSupernet.of(digits.head(), 8, 1);
        SupernetBackend backend = new DjlSupernetBackend();
        DjlBackend trainer = new DjlBackend();
        int steps = SinglePathOneShot.stepsPerEpoch(digits.train().size(), 64);
        List<int[]> paths = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(42);
        while (paths.size() < ARCHITECTURES) {
            int[] path = spec.samplePath(random);
            // cells whose output is cut off from the input (all-zero) are degenerate: every method ranks them last
            if (new io.nas4j.core.space.CellSpace().key(CellSupernet.genome(path)).equals("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")) {
                continue;
            }
            if (seen.add(spec.describe(path))) {
                paths.add(path);
            }
        }
        double[] inherited = new double[ARCHITECTURES];
        double[] standAlone = new double[ARCHITECTURES];
        Map<String, Object> report = new LinkedHashMap<>();
        long start = System.nanoTime();
        List<Map<String, Object>> specialised = new ArrayList<>();
        try (SupernetBackend.Supernet supernet = backend.build(spec, SupernetPlan.singlePath(epochs * steps, 1))) {
            SinglePathOneShot.Report training = SinglePathOneShot.train(supernet, digits.train(), epochs, 64, 1, null);
            report.put("supernetSeconds", training.seconds());
            report.put("supernetFinalLoss", training.epochLosses().get(epochs - 1));
            for (int index = 0; index < ARCHITECTURES; index++) {
                inherited[index] = supernet.evaluatePath(paths.get(index), digits.validation(), digits.train(), 10, 64)
                        .accuracy();
            }
            long specialiseStart = System.nanoTime();
            List<Specialisation.Specialised> limits = Specialisation.specialise(supernet,
                    List.of(new Specialisation.Limit(Specialisation.Measure.PARAMETERS, 19_000),
                            new Specialisation.Limit(Specialisation.Measure.PARAMETERS, 25_000),
                            new Specialisation.Limit(Specialisation.Measure.PARAMETERS, 40_000)),
                    digits.validation(), digits.train(), new InheritedWeightEvolution.Settings(40, 10, 3, 10, 64, 5));
            for (Specialisation.Specialised entry : limits) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("limit", entry.limit().toString());
                row.put("evaluated", entry.evaluated());
                row.put("best", entry.best() == null ? null : entry.best().description());
                row.put("inheritedAccuracy", entry.best() == null ? null : entry.best().accuracy());
                row.put("parameters", entry.best() == null ? null : entry.best().parameters());
                specialised.add(row);
            }
            report.put("specialiseSeconds", (System.nanoTime() - specialiseStart) / 1e9);
        }
        long standAloneStart = System.nanoTime();
        for (int index = 0; index < ARCHITECTURES; index++) {
            try (TrainingBackend.Model model = trainer.compile(spec.discrete(paths.get(index)))) {
                trainer.train(model, digits.train(), null, TrainingPlan.adam(standAloneEpochs, index)
                        .withEpochs(standAloneEpochs), TrainingBackend.EpochMonitor.none());
                standAlone[index] = trainer.evaluate(model, digits.validation()).accuracy();
            }
        }
        double rho = Correlations.spearman(inherited, standAlone);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int index = 0; index < ARCHITECTURES; index++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cell", new io.nas4j.core.space.CellSpace(8, 1).format(CellSupernet.genome(paths.get(index))));
            row.put("parameters", NetworkAnalysis.of(spec.discrete(paths.get(index))).parameters());
            row.put("inherited", inherited[index]);
            row.put("standAlone", standAlone[index]);
            rows.add(row);
            System.out.printf(Locale.ROOT, "%-70s inherited %.4f  stand-alone %.4f%n", row.get("cell"), inherited[index],
                    standAlone[index]);
        }
        report.put("supernetEpochs", epochs);
        report.put("standAloneEpochs", standAloneEpochs);
        report.put("standAloneSeconds", (System.nanoTime() - standAloneStart) / 1e9);
        report.put("totalSeconds", (System.nanoTime() - start) / 1e9);
        report.put("spearman", rho);
        report.put("specialised", specialised);
        report.put("architectures", rows);
        System.out.printf(Locale.ROOT, "Spearman rho (inherited vs stand-alone, %d architectures): %.4f%n", ARCHITECTURES, rho);
        specialised.forEach(System.out::println);
        Path file = Path.of("target", "spos-rank-correlation.json");
        Files.createDirectories(file.getParent());
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), report);
        assertThat(rho).isBetween(-1.0, 1.0);
    }
}
