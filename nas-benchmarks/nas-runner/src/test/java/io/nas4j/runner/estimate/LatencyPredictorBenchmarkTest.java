package io.nas4j.runner.estimate;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.runner.training.LatencyTables;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.latency.LatencyProfiler;
import io.nas4j.core.latency.LatencyTable;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.strategies.stats.Correlations;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How well the per-op lookup table predicts whole-network latency on this machine (DJL, PyTorch CPU, batch
 * 1, one thread): distinct architectures drawn with a fixed seed from a space, each predicted from the
 * table (profiled from empty on first use, as a search would) and measured whole with
 * {@code measureLatency} (the same 20 warm-up and 100 timed runs the profiler uses; medians). Prints every
 * architecture, then Pearson's r and Spearman's rho of predicted against measured, the mean absolute
 * relative error, the time to build the table, and the time to predict against the time to measure one
 * architecture. Cases: {@code nb201-digits} (16 channels, one cell per stage, 1x8x8), {@code nb201-cifar}
 * (the benchmark network: 16 channels, five cells per stage, 3x32x32) and {@code chain-digits} (the chain
 * space for 1x8x8). Run on demand, alone on the machine:
 * {@code mvn -o -pl nas-benchmarks/nas-runner -am test -Dtest=LatencyPredictorBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dnas4j.benchmark=true [-Dnas4j.latency.architectures=40] [-Dnas4j.latency.seed=0] [-Dnas4j.latency.table=DIR]}
 * where {@code DIR} keeps the tables (default: a fresh folder under {@code target}).
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class LatencyPredictorBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"nb201-digits", "chain-digits", "nb201-cifar"})
    void predictedLatencyFollowsMeasuredLatency(String name) {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.List.of(System.getProperty("nas4j.latency.cases",
                "nb201-digits,chain-digits,nb201-cifar").split(",")).contains(name), name + " not asked for");
        int architectures = Integer.getInteger("nas4j.latency.architectures", 40);
        long seed = Long.getLong("nas4j.latency.seed", 0L);
        Path folder = Path.of(System.getProperty("nas4j.latency.table",
                Path.of("target", "latency-benchmark-" + System.currentTimeMillis()).toString()));
        Shape input = name.endsWith("cifar") ? Shape.of(3, 32, 32) : Shape.of(1, 8, 8);
        SearchSpace<? extends Genome> space = switch (name) {
            case "nb201-digits" -> new CellSpace(16, 1);
            case "nb201-cifar" -> new CellSpace(16, 5);
            default -> ChainSpace.forInput(input);
        };
        run(name, space, new ClassificationHead(input, 10), architectures, seed, folder.resolve(name + ".json"));
    }

    private static <G extends Genome> void run(String name, SearchSpace<G> space, ClassificationHead head, int count,
                                               long seed, Path tableFile) {
        DjlBackend backend = new DjlBackend();
        Map<String, NetworkSpec> networks = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int draws = 0; networks.size() < count && draws < 100 * count; draws++) {
            G genome = space.sample(random);
            NetworkSpec spec = space.decode(genome, head);
            if (NetworkAnalysis.of(spec).valid() && NetworkAnalysis.of(spec).macs() < 50_000_000L) {
                networks.putIfAbsent(space.key(genome), spec);
            }
        }
        // the engine's first use is not the table's cost
        try (TrainingBackend.Model warm = backend.compile(networks.values().iterator().next())) {
            backend.measureLatency(warm, 20, 20);
        }
        LatencyTable table = new LatencyTable(backend.name());
        LatencyPredictor predictor = new LatencyPredictor(table, new LatencyProfiler(backend), grown -> { });
        long profileStart = System.nanoTime();
        for (NetworkSpec spec : networks.values()) {
            predictor.predict(spec);
        }
        double profileSeconds = (System.nanoTime() - profileStart) / 1e9;
        LatencyTables.save(table, tableFile);

        List<Double> predicted = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        double predictSeconds = 0;
        double measureSeconds = 0;
        System.out.printf(Locale.ROOT, "%-90s %12s %12s%n", name + " architecture", "predicted_ms", "measured_ms");
        for (Map.Entry<String, NetworkSpec> entry : networks.entrySet()) {
            long start = System.nanoTime();
            double prediction = predictor.predict(entry.getValue());
            predictSeconds += (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            double measurement;
            try (TrainingBackend.Model model = backend.compile(entry.getValue())) {
                measurement = backend.measureLatency(model, LatencyProfiler.DEFAULT_WARMUP, LatencyProfiler.DEFAULT_RUNS)
                        .medianMs();
            }
            measureSeconds += (System.nanoTime() - start) / 1e9;
            predicted.add(prediction);
            measured.add(measurement);
            String label = entry.getKey().length() > 90 ? entry.getKey().substring(0, 87) + "..." : entry.getKey();
            System.out.printf(Locale.ROOT, "%-90s %12.4f %12.4f%n", label, prediction, measurement);
        }
        double[] p = predicted.stream().mapToDouble(Double::doubleValue).toArray();
        double[] m = measured.stream().mapToDouble(Double::doubleValue).toArray();
        double relativeError = 0;
        for (int i = 0; i < p.length; i++) {
            relativeError += Math.abs(p[i] - m[i]) / m[i];
        }
        int n = p.length;
        // a calibration from the first few architectures, judged on the others
        int fitted = Math.min(8, n / 4);
        double factor = LatencyPredictor.calibration(java.util.Arrays.copyOf(p, fitted), java.util.Arrays.copyOf(m, fitted));
        double calibratedError = 0;
        double heldOutError = 0;
        for (int i = fitted; i < n; i++) {
            calibratedError += Math.abs(factor * p[i] - m[i]) / m[i];
            heldOutError += Math.abs(p[i] - m[i]) / m[i];
        }
        System.out.printf(Locale.ROOT, "%n%s: %d architectures, seed %d; table of %d entries built in %.1f s (%s)%n", name, n,
                seed, table.size(), profileSeconds, tableFile);
        System.out.printf(Locale.ROOT, "%s: measured %.3f..%.3f ms; pearson %.3f, spearman %.3f, kendall %.3f,"
                        + " mean |predicted - measured| / measured %.1f%%%n", name,
                java.util.Arrays.stream(m).min().orElseThrow(), java.util.Arrays.stream(m).max().orElseThrow(),
                Correlations.pearson(p, m), Correlations.spearman(p, m), Correlations.kendall(p, m), 100 * relativeError / n);
        System.out.printf(Locale.ROOT, "%s: calibrated on the first %d (factor %.3f): mean relative error %.1f%% on the other %d"
                        + " (uncalibrated on the same %d: %.1f%%)%n", name, fitted, factor, 100 * calibratedError / (n - fitted),
                n - fitted, n - fitted, 100 * heldOutError / (n - fitted));
        System.out.printf(Locale.ROOT, "%s: %.3f ms to predict one architecture from the table, %.1f ms to compile and measure it"
                + " (%.0fx)%n", name, 1e3 * predictSeconds / n, 1e3 * measureSeconds / n, measureSeconds / predictSeconds);
        assertThat(n).isEqualTo(count);
    }
}
