package io.nas4j.runner.oneshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.backend.djl.DjlSupernetBackend;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.supernet.CellSupernet;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.runner.training.ClassificationData;
import io.nas4j.strategies.oneshot.Enas;
import io.nas4j.strategies.oneshot.SinglePathOneShot;
import io.nas4j.strategies.stats.Correlations;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a specification (run with {@code -Dnas4j.benchmark=true}): how well a weight-sharing
 * supernet ranks NB201 cells (one cell per stage) against the same cells trained alone, on the digits or on a
 * Fashion-MNIST subset, by the way the supernet is trained and by its training epochs.
 *
 * <p>{@code nas4j.rank.architectures} distinct valid random cells are trained stand-alone (Adam, cosine) for
 * {@code nas4j.rank.standAloneEpochs} on the training subset and scored on the whole validation split: the
 * ground truth, cached under {@code target/} for the same settings. {@code nas4j.rank.truthSeed=K} trains
 * the same cells with other initial weights and batch orders (cached apart), which measures how far two
 * stand-alone trainings of the same cells agree: the most any estimator can reach against one of them.
 * {@code nas4j.rank.truthSeeds=N} uses N such trainings (seeds {@code truthSeed} onwards): the report then gives
 * the agreement of the first two and each run's Spearman against their mean as well. Then, for each method and each entry of
 * {@code nas4j.rank.epochs}, a fresh supernet is trained on the same subset and every cell is scored with the
 * weights it inherits (batch norm recalibrated on 10 training batches), and Spearman's rho and Kendall's tau
 * between the two are printed and written to {@code target/supernet-ranking-DATASET.json}. Methods:
 * <ul>
 *   <li>{@code uniform}: single-path one-shot, every step on a uniformly drawn path (SPOS), with SPOS's SGD
 *       (rate 0.05, momentum 0.9, cosine);</li>
 *   <li>{@code uniform-adam}: the same with the stand-alone trainings' Adam (rate 1e-3, cosine);</li>
 *   <li>{@code sandwich-adam}: every other step on the largest path (3x3 convolutions everywhere), with Adam;</li>
 *   <li>{@code enas}: ENAS's alternation, the weights trained on the LSTM controller's paths;</li>
 *   <li>{@code fewshot}: few-shot NAS (Zhao et al., 2021): a uniform supernet for half the epochs, then one copy
 *       per option of edge {@code nas4j.rank.splitEdge} fine-tuned with that option fixed for a tenth each;
 *       a cell is scored by the copy of its own option.</li>
 * </ul>
 * The cost of a supernet is given in stand-alone trainings: its weight epochs (one path each step, as a
 * stand-alone epoch) over the stand-alone epochs, and by wall time over the mean stand-alone training's.
 * For example: {@code mvn -o -pl nas-benchmarks/nas-runner -am test -Dtest=SupernetRankingBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true -Dnas4j.rank.dataset=fashion-mnist
 * -Dnas4j.rank.fraction=0.05 -Dnas4j.rank.standAloneEpochs=6 -Dnas4j.rank.epochs=30,60
 * -Dnas4j.rank.methods=uniform,fewshot,enas}.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class SupernetRankingBenchmarkTest {

    private static final String DEGENERATE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    private static final int CALIBRATION_BATCHES = 10;
    private static final int BATCH = 64;

    @Test
    void supernetScoresAgainstStandAloneTraining() throws IOException {
        String dataset = System.getProperty("nas4j.rank.dataset", "digits");
        double fraction = Double.parseDouble(System.getProperty("nas4j.rank.fraction", "1"));
        int channels = Integer.getInteger("nas4j.rank.channels", 8);
        int count = Integer.getInteger("nas4j.rank.architectures", 30);
        int standAloneEpochs = Integer.getInteger("nas4j.rank.standAloneEpochs", 15);
        int splitEdge = Integer.getInteger("nas4j.rank.splitEdge", 0);
        long seed = Long.getLong("nas4j.rank.seed", 0L);
        int truthSeed = Integer.getInteger("nas4j.rank.truthSeed", 0);
        List<Integer> epochList = Arrays.stream(System.getProperty("nas4j.rank.epochs", "30,150").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        List<String> methods = Arrays.stream(System.getProperty("nas4j.rank.methods", "uniform,enas").split(","))
                .map(String::trim).filter(method -> !method.isEmpty()).toList();

        ClassificationTask task = ClassificationData.load(dataset, System.getProperty("nas4j.rank.dataDir"), seed);
        Dataset train = subset(task.train(), fraction, seed);
        Dataset validation = task.validation();
        SupernetSpec spec = CellSupernet.of(task.head(), channels, 1);
        CellSpace space = new CellSpace(channels, 1);
        List<int[]> paths = paths(spec, space, count, seed);

        int truthSeeds = Integer.getInteger("nas4j.rank.truthSeeds", 1);
        String key = String.format(Locale.ROOT, "%s-f%s-c%d-n%d-e%d-s%d", dataset, fraction, channels, count,
                standAloneEpochs, seed);
        GroundTruth truth = groundTruth(key + (truthSeed == 0 ? "" : "-t" + truthSeed), spec, paths, train, validation,
                standAloneEpochs, truthSeed);
        // other trainings of the same cells: how far stand-alone accuracy itself agrees, and a less noisy mean
        List<double[]> truths = new ArrayList<>(List.of(truth.accuracy));
        for (int other = 1; other < truthSeeds; other++) {
            int otherSeed = truthSeed + other;
            truths.add(groundTruth(key + "-t" + otherSeed, spec, paths, train, validation, standAloneEpochs, otherSeed)
                    .accuracy);
        }
        double[] meanTruth = mean(truths);
        System.out.printf(Locale.ROOT, "%s: %d training examples (%.0f%%), %d validation; %d cells, stand-alone %d epochs,"
                        + " %.1f s each; accuracy %.4f to %.4f%n", dataset, train.size(), 100 * fraction, validation.size(),
                count, standAloneEpochs, truth.meanSeconds, min(truth.accuracy), max(truth.accuracy));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("dataset", dataset);
        report.put("trainingExamples", train.size());
        report.put("validationExamples", validation.size());
        report.put("channels", channels);
        report.put("standAloneEpochs", standAloneEpochs);
        report.put("standAloneSecondsMean", truth.meanSeconds);
        report.put("parameterSpearman", Correlations.spearman(parameters(spec, paths), truth.accuracy));
        if (truths.size() > 1) {
            double agreement = Correlations.spearman(truths.get(0), truths.get(1));
            report.put("truthSeeds", truths.size());
            report.put("standAloneSeedAgreementSpearman", agreement);
            report.put("parameterSpearmanMeanTruth", Correlations.spearman(parameters(spec, paths), meanTruth));
            System.out.printf(Locale.ROOT, "stand-alone training with other seeds: spearman %.3f between two trainings"
                    + " of the same cells%n", agreement);
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        report.put("runs", runs);
        System.out.printf(Locale.ROOT, "parameter count: spearman %.3f%n", report.get("parameterSpearman"));
        System.out.printf(Locale.ROOT, "%-8s %6s %9s %9s %12s %12s %9s%n", "method", "epochs", "spearman", "kendall",
                "cost(epochs)", "cost(wall)", "seconds");
        for (String method : methods) {
            for (int epochs : epochList) {
                long start = System.nanoTime();
                double[] scores = switch (method) {
                    case "uniform" -> uniform(spec, paths, train, validation, epochs, seed,
                            SupernetPlan.singlePath(epochs * SinglePathOneShot.stepsPerEpoch(train.size(), BATCH), seed));
                    case "uniform-adam" -> uniform(spec, paths, train, validation, epochs, seed,
                            adam(epochs * SinglePathOneShot.stepsPerEpoch(train.size(), BATCH), seed));
                    case "sandwich-adam" -> sandwich(spec, paths, train, validation, epochs, seed);
                    case "enas" -> enas(spec, paths, train, validation, epochs, seed);
                    case "fewshot" -> fewShot(spec, paths, train, validation, epochs, splitEdge, seed);
                    default -> throw new IllegalArgumentException("nas4j.rank.methods: " + method
                            + " is unknown; allowed: uniform, uniform-adam, sandwich-adam, enas, fewshot");
                };
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("method", method);
                run.put("epochs", epochs);
                run.put("spearman", Correlations.spearman(scores, truth.accuracy));
                run.put("kendall", Correlations.kendall(scores, truth.accuracy));
                if (truths.size() > 1) {
                    run.put("spearmanMeanTruth", Correlations.spearman(scores, meanTruth));
                }
                run.put("costInTrainingsByEpochs", (double) epochs / standAloneEpochs);
                run.put("costInTrainingsByWallTime", seconds / truth.meanSeconds);
                run.put("seconds", seconds);
                run.put("scores", scores);
                runs.add(run);
                System.out.printf(Locale.ROOT, "%-8s %6d %9.3f %9.3f %12.1f %12.1f %9.0f%n", method, epochs,
                        run.get("spearman"), run.get("kendall"), run.get("costInTrainingsByEpochs"),
                        run.get("costInTrainingsByWallTime"), seconds);
                write(report, dataset);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int index = 0; index < paths.size(); index++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cell", space.format(CellSupernet.genome(paths.get(index))));
            row.put("standAlone", truth.accuracy[index]);
            if (truths.size() > 1) {
                row.put("standAloneMean", meanTruth[index]);
            }
            rows.add(row);
        }
        report.put("architectures", rows);
        write(report, dataset);
        assertThat(runs).hasSize(methods.size() * epochList.size())
                .allSatisfy(run -> assertThat((double) run.get("spearman")).isBetween(-1.0, 1.0));
        assertThat(truth.accuracy()).hasSize(count).doesNotContain(Double.NaN);
    }

    private static double[] uniform(SupernetSpec spec, List<int[]> paths, Dataset train, Dataset validation, int epochs,
                                    long seed, SupernetPlan plan) {
        try (SupernetBackend.Supernet supernet = new DjlSupernetBackend().build(spec, plan)) {
            SinglePathOneShot.train(supernet, train, epochs, BATCH, seed, null);
            return score(supernet, paths, train, validation);
        }
    }

    /**
     * The sandwich rule (Yu et al., 2019) on a cell supernet: every other step trains the largest path (a 3x3
     * convolution on every edge), the others a uniformly drawn path, with Adam; {@code epochs} counts steps as the
     * other methods do, so the cost is the same.
     */
    private static double[] sandwich(SupernetSpec spec, List<int[]> paths, Dataset train, Dataset validation, int epochs,
                                     long seed) {
        int largest = io.nas4j.core.space.Nb201Skeleton.OPS.indexOf("nor_conv_3x3");
        int[] step = {0};
        try (SupernetBackend.Supernet supernet = new DjlSupernetBackend().build(spec,
                adam(epochs * SinglePathOneShot.stepsPerEpoch(train.size(), BATCH), seed))) {
            SinglePathOneShot.train(supernet, train, epochs, BATCH, seed, 0, random -> {
                int[] path = spec.samplePath(random);
                if (step[0]++ % 2 == 0) {
                    java.util.Arrays.fill(path, largest);
                }
                return path;
            }, null);
            return score(supernet, paths, train, validation);
        }
    }

    /** The stand-alone trainings' optimiser for the shared weights: Adam at 1e-3, cosine, no decay. */
    private static SupernetPlan adam(int steps, long seed) {
        return new SupernetPlan(TrainingPlan.Optimizer.ADAM, 1e-3, 0.9, 0, TrainingPlan.Schedule.COSINE, steps, 3e-4, 0,
                seed);
    }

    private static double[] enas(SupernetSpec spec, List<int[]> paths, Dataset train, Dataset validation, int epochs,
                                 long seed) {
        try (SupernetBackend.Supernet supernet = new DjlSupernetBackend().build(spec,
                SupernetPlan.singlePath(epochs * SinglePathOneShot.stepsPerEpoch(train.size(), BATCH), seed))) {
            // the settings `nas search --strategy enas` uses, with one final candidate since the cells are scored here
            Enas.search(supernet, train, validation, new Enas.Settings(epochs, BATCH, 20, 3e-3, 1e-3, 1,
                    CALIBRATION_BATCHES, 2, 256, 0, seed), null);
            return score(supernet, paths, train, validation);
        }
    }

    private static double[] fewShot(SupernetSpec spec, List<int[]> paths, Dataset train, Dataset validation,
                                     int epochs, int edge, long seed) throws IOException {
        int options = spec.points().get(edge).size();
        int parentEpochs = epochs / 2;
        int childEpochs = Math.max(1, (epochs - parentEpochs) / options);
        int steps = SinglePathOneShot.stepsPerEpoch(train.size(), BATCH);
        Path parentFile = Files.createTempFile("fewshot-parent", ".params");
        double[] scores = new double[paths.size()];
        try {
            try (SupernetBackend.Supernet parent = new DjlSupernetBackend().build(spec,
                    SupernetPlan.singlePath(parentEpochs * steps, seed))) {
                SinglePathOneShot.train(parent, train, parentEpochs, BATCH, seed, null);
                parent.save(parentFile);
            }
            for (int option = 0; option < options; option++) {
                int fixed = option;
                try (SupernetBackend.Supernet child = new DjlSupernetBackend().build(spec,
                        SupernetPlan.singlePath(childEpochs * steps, seed + 1 + option))) {
                    child.load(parentFile);
                    SinglePathOneShot.train(child, train, childEpochs, BATCH, seed + 1 + option, 0, random -> {
                        int[] path = spec.samplePath(random);
                        path[edge] = fixed;
                        return path;
                    }, null);
                    for (int index = 0; index < paths.size(); index++) {
                        if (paths.get(index)[edge] == fixed) {
                            scores[index] = child.evaluatePath(paths.get(index), validation, train, CALIBRATION_BATCHES,
                                    BATCH).accuracy();
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(parentFile);
        }
        return scores;
    }

    private static double[] score(SupernetBackend.Supernet supernet, List<int[]> paths, Dataset train,
                                  Dataset validation) {
        double[] scores = new double[paths.size()];
        for (int index = 0; index < paths.size(); index++) {
            scores[index] = supernet.evaluatePath(paths.get(index), validation, train, CALIBRATION_BATCHES, BATCH)
                    .accuracy();
        }
        return scores;
    }

    private record GroundTruth(double[] accuracy, double meanSeconds) {
    }

    private static GroundTruth groundTruth(String key, SupernetSpec spec, List<int[]> paths, Dataset train,
                                           Dataset validation, int epochs, int truthSeed) throws IOException {
        Path file = Path.of("target", "supernet-ranking-truth-" + key + ".json");
        JsonMapper json = JsonMapper.builder().build();
        if (Files.exists(file)) {
            JsonNode cached = json.readTree(file.toFile());
            double[] accuracy = new double[paths.size()];
            for (int index = 0; index < accuracy.length; index++) {
                accuracy[index] = cached.get("accuracy").get(index).asDouble();
            }
            return new GroundTruth(accuracy, cached.get("meanSeconds").asDouble());
        }
        DjlBackend trainer = new DjlBackend();
        double[] accuracy = new double[paths.size()];
        long start = System.nanoTime();
        for (int index = 0; index < paths.size(); index++) {
            try (TrainingBackend.Model model = trainer.compile(spec.discrete(paths.get(index)))) {
                trainer.train(model, train, null, TrainingPlan.adam(epochs, index + 1000L * truthSeed),
                        TrainingBackend.EpochMonitor.none());
                accuracy[index] = trainer.evaluate(model, validation).accuracy();
            }
            System.out.printf(Locale.ROOT, "stand-alone %2d %-40s %.4f%n", index, spec.describe(paths.get(index)),
                    accuracy[index]);
        }
        GroundTruth truth = new GroundTruth(accuracy, (System.nanoTime() - start) / 1e9 / paths.size());
        Files.createDirectories(file.getParent());
        json.writeValue(file.toFile(), Map.of("accuracy", accuracy, "meanSeconds", truth.meanSeconds()));
        return truth;
    }

    /** Distinct random cells whose output is connected to the input (the all-none cell and its kin are not networks). */
    private static List<int[]> paths(SupernetSpec spec, CellSpace space, int count, long seed) {
        List<int[]> paths = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(seed + 42);
        while (paths.size() < count) {
            int[] path = spec.samplePath(random);
            if (space.key(CellSupernet.genome(path)).equals(DEGENERATE)
                    || !NetworkAnalysis.of(spec.discrete(path)).valid()) {
                continue;
            }
            if (seen.add(spec.describe(path))) {
                paths.add(path);
            }
        }
        return paths;
    }

    private static Dataset subset(Dataset train, double fraction, long seed) {
        if (fraction >= 1) {
            return train;
        }
        int[] order = new int[train.size()];
        for (int index = 0; index < order.length; index++) {
            order[index] = index;
        }
        SplittableRandom random = new SplittableRandom(seed + 7);
        for (int index = order.length - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = order[index];
            order[index] = order[other];
            order[other] = swap;
        }
        int[] chosen = Arrays.copyOf(order, (int) Math.round(train.size() * fraction));
        Arrays.sort(chosen);
        return train.subset(chosen, train.name() + "/" + fraction);
    }

    private static double[] parameters(SupernetSpec spec, List<int[]> paths) {
        return paths.stream().mapToDouble(path -> NetworkAnalysis.of(spec.discrete(path)).parameters()).toArray();
    }

    private static void write(Map<String, Object> report, String dataset) throws IOException {
        Path file = Path.of("target", "supernet-ranking-" + dataset + ".json");
        Files.createDirectories(file.getParent());
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), report);
    }

    private static double[] mean(List<double[]> values) {
        double[] mean = new double[values.get(0).length];
        for (double[] one : values) {
            for (int index = 0; index < mean.length; index++) {
                mean[index] += one[index] / values.size();
            }
        }
        return mean;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
