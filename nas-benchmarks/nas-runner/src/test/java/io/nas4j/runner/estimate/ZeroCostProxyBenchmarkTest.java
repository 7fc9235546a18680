package io.nas4j.runner.estimate;

import io.nas4j.runner.training.ClassificationData;
import io.nas4j.core.estimate.TrainingEstimator;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import io.nas4j.strategies.stats.Correlations;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How well the zero-cost proxies rank architectures, and what they save: distinct NAS-Bench-201 cells
 * (the {@code nb201} space as {@code nas search} builds it for 8x8 inputs: 16 stem channels, one cell per
 * stage) drawn uniformly with a fixed seed, each trained briefly on the embedded UCI digits as a search
 * trains a candidate (Adam 0.002, cosine, batch 64, validation accuracy after the last epoch), and scored
 * by synflow, grad-norm and NASWOT on one mini-batch of the training split. Prints every architecture's
 * numbers, then Spearman's rho and Kendall's tau of each proxy (and of parameter and multiply-add counts,
 * the usual baselines) against the trained accuracy, and the mean seconds per proxy against the mean
 * seconds per training. Training and proxies run on one backend, chosen by name ({@code nas4j.proxy.backend}:
 * {@code djl}, the default, or {@code tensorflow}) from the installed engines. Run on demand,
 * alone on the machine:
 * {@code mvn -o -pl nas-benchmarks/nas-runner -am test -Dtest=ZeroCostProxyBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dnas4j.benchmark=true [-Dnas4j.proxy.architectures=120] [-Dnas4j.proxy.epochs=4] [-Dnas4j.proxy.batch=128]
 * [-Dnas4j.proxy.seed=0] [-Dnas4j.proxy.backend=djl]}. A harder data set than the digits (where most cells
 * reach 95%+): {@code -Dnas4j.proxy.dataset=fashion-mnist [-Dnas4j.proxy.dataDir=DIR] -Dnas4j.proxy.fraction=0.05
 * -Dnas4j.proxy.channels=8} trains each cell on that share of the training split (a fixed, seeded subset),
 * at 28x28 with the stem width given.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class ZeroCostProxyBenchmarkTest {

    @Test
    void proxiesRankBrieflyTrainedCells() {
        int architectures = Integer.getInteger("nas4j.proxy.architectures", 120);
        int epochs = Integer.getInteger("nas4j.proxy.epochs", 4);
        int batch = Integer.getInteger("nas4j.proxy.batch", 128);
        long seed = Long.getLong("nas4j.proxy.seed", 0L);
        String dataset = System.getProperty("nas4j.proxy.dataset", "digits");
        double fraction = Double.parseDouble(System.getProperty("nas4j.proxy.fraction", "1"));
        ClassificationTask digits = ClassificationData.load(dataset, System.getProperty("nas4j.proxy.dataDir"), seed);
        int channels = Integer.getInteger("nas4j.proxy.channels", 16);
        CellSpace space = new CellSpace(channels, 1);
        String engine = System.getProperty("nas4j.proxy.backend", "djl");
        Map<String, TrainingBackend> backends = Engines.installed().trainingBackends();
        Map<String, ProxyScorer> scorers = Engines.installed().proxyScorers();
        if (!scorers.containsKey(engine) || !backends.containsKey(engine)) {
            throw new IllegalArgumentException("nas4j.proxy.backend is " + engine + "; allowed: " + scorers.keySet());
        }
        TrainingBackend backend = backends.get(engine);
        ProxyScorer scorer = scorers.get(engine);
        TrainingPlan plan = new TrainingPlan(epochs, 64, TrainingPlan.Optimizer.ADAM, 0.002, 0.9, 0,
                TrainingPlan.Schedule.COSINE, fraction, seed);
        TrainingEstimator<CellGenome> training = new TrainingEstimator<>(space, digits.head(), backend, digits.train(),
                digits.validation(), plan, Long.MAX_VALUE, false);

        Map<String, CellGenome> cells = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        while (cells.size() < architectures) {
            CellGenome cell = space.sample(random);
            cells.putIfAbsent(space.key(cell), cell);
        }
        // warm the engine up so that the first architecture's times are not the engine's start
        scorer.score(space.decode(cells.values().iterator().next(), digits.head()), ZeroCostProxy.SYNFLOW,
                digits.train(), batch, seed);

        List<Double> accuracies = new ArrayList<>();
        List<Double> params = new ArrayList<>();
        List<Double> macs = new ArrayList<>();
        Map<ZeroCostProxy, List<Double>> scores = new EnumMap<>(ZeroCostProxy.class);
        Map<ZeroCostProxy, Double> proxySeconds = new EnumMap<>(ZeroCostProxy.class);
        double trainingSeconds = 0;
        long id = 0;
        System.out.printf(Locale.ROOT, "%-70s %8s %12s %10s %10s %8s%n", "cell", "accuracy", "synflow", "grad_norm",
                "naswot", "train_s");
        for (CellGenome cell : cells.values()) {
            NetworkSpec network = space.decode(cell, digits.head());
            long start = System.nanoTime();
            TrialResult trained = training.estimate(new Trial<>(++id, cell, Fidelity.FULL, 1));
            double seconds = (System.nanoTime() - start) / 1e9;
            trainingSeconds += seconds;
            assertThat(trained.state()).as(trained.reason()).isEqualTo(TrialState.COMPLETE);
            accuracies.add(trained.metrics().get("accuracy"));
            params.add(trained.metrics().get("params"));
            macs.add(trained.metrics().get("flops"));
            for (ZeroCostProxy proxy : ZeroCostProxy.values()) {
                long proxyStart = System.nanoTime();
                double score = scorer.score(network, proxy, digits.train(), batch, seed);
                proxySeconds.merge(proxy, (System.nanoTime() - proxyStart) / 1e9, Double::sum);
                scores.computeIfAbsent(proxy, p -> new ArrayList<>()).add(score);
            }
            System.out.printf(Locale.ROOT, "%-70s %8.4f %12.5g %10.4f %10.3f %8.2f%n", space.format(cell),
                    accuracies.get(accuracies.size() - 1), scores.get(ZeroCostProxy.SYNFLOW).get(accuracies.size() - 1),
                    scores.get(ZeroCostProxy.GRAD_NORM).get(accuracies.size() - 1),
                    scores.get(ZeroCostProxy.NASWOT).get(accuracies.size() - 1), seconds);
        }

        int count = accuracies.size();
        double[] accuracy = array(accuracies);
        double meanTraining = trainingSeconds / count;
        System.out.printf(Locale.ROOT, "%n%d distinct nb201 cells (%d channels, 1 cell per stage) on %s (%.0f%% of the"
                + " training split), seed %d; accuracy = validation accuracy after %d epochs; proxies on one batch of %d;"
                + " backend %s%n", count, channels, dataset, 100 * fraction, seed, epochs, batch, engine);
        System.out.printf(Locale.ROOT, "accuracy: min %.4f, median %.4f, max %.4f%n", min(accuracy), median(accuracy),
                max(accuracy));
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %14s %10s%n", "estimator", "spearman", "kendall", "s/architecture",
                "speed-up");
        for (ZeroCostProxy proxy : ZeroCostProxy.values()) {
            double[] score = array(scores.get(proxy));
            double mean = proxySeconds.get(proxy) / count;
            System.out.printf(Locale.ROOT, "%-10s %9.3f %9.3f %14.4f %9.0fx%n", proxy.metric(),
                    Correlations.spearman(score, accuracy), Correlations.kendall(score, accuracy), mean, meanTraining / mean);
        }
        System.out.printf(Locale.ROOT, "%-10s %9.3f %9.3f %14s %10s%n", "params", Correlations.spearman(array(params), accuracy),
                Correlations.kendall(array(params), accuracy), "0 (analysis)", "-");
        System.out.printf(Locale.ROOT, "%-10s %9.3f %9.3f %14s %10s%n", "flops", Correlations.spearman(array(macs), accuracy),
                Correlations.kendall(array(macs), accuracy), "0 (analysis)", "-");
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %14.4f %10s%n", "training", "1", "1", meanTraining, "1x");
        long singular = scores.get(ZeroCostProxy.NASWOT).stream().filter(score -> !Double.isFinite(score)).count();
        System.out.printf(Locale.ROOT, "naswot: %d of %d cells had a singular kernel (-Infinity, ranked lowest)%n", singular, count);

        assertThat(count).isEqualTo(architectures);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
