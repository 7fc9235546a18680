package io.nas4j.runner.estimate;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.space.CellSpace;
import io.nas4j.strategies.stats.Correlations;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether the two engines' zero-cost proxies rank architectures alike, and what a score costs on each: the
 * cells and mini-batch of {@link ZeroCostProxyBenchmarkTest} (the {@code nb201} space for 8x8 inputs, 16 stem
 * channels, one cell per stage, drawn uniformly with a fixed seed; the embedded UCI digits), each scored by
 * synflow, grad-norm and NASWOT on the DJL scorer and on the TensorFlow scorer, both found by their backend's
 * name among the installed engines. The two engines draw different initial weights for the same seed (the
 * mini-batch is the same), so their scores differ per network; the benchmark prints Spearman's rho and
 * Kendall's tau between the engines for each proxy, next to the same correlation between two seeds on DJL
 * (how much of the disagreement one engine shows with itself), and the mean seconds per score on each engine.
 * Run on demand, alone on the machine:
 * {@code mvn -o -pl nas-benchmarks/nas-runner -am test -Dtest=ProxyBackendAgreementBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true [-Dnas4j.proxy.architectures=40]
 * [-Dnas4j.proxy.batch=128] [-Dnas4j.proxy.seed=0]}.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class ProxyBackendAgreementBenchmarkTest {

    private static final List<String> ENGINES = List.of("djl", "tensorflow");

    @Test
    void bothEnginesRankCellsAlike() {
        int architectures = Integer.getInteger("nas4j.proxy.architectures", 40);
        int batch = Integer.getInteger("nas4j.proxy.batch", 128);
        long seed = Long.getLong("nas4j.proxy.seed", 0L);
        ClassificationTask digits = ClassificationTask.digits(seed);
        CellSpace space = new CellSpace(16, 1);
        Map<String, ProxyScorer> scorers = Engines.installed().proxyScorers();
        assertThat(scorers).containsKeys(ENGINES.toArray(String[]::new));

        Map<String, CellGenome> cells = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        while (cells.size() < architectures) {
            CellGenome cell = space.sample(random);
            cells.putIfAbsent(space.key(cell), cell);
        }
        NetworkSpec first = space.decode(cells.values().iterator().next(), digits.head());
        for (String engine : ENGINES) {
            // warm each engine up so that the first architecture's times are not the engine's start
            for (ZeroCostProxy proxy : ZeroCostProxy.values()) {
                scorers.get(engine).score(first, proxy, digits.train(), batch, seed);
            }
        }

        Map<String, Map<ZeroCostProxy, List<Double>>> scores = new LinkedHashMap<>();
        Map<String, Map<ZeroCostProxy, Double>> seconds = new LinkedHashMap<>();
        Map<ZeroCostProxy, List<Double>> otherSeed = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%-70s %12s %12s %10s %10s %9s %9s%n", "cell", "synflow_djl", "synflow_tf",
                "gnorm_djl", "gnorm_tf", "naswot_djl", "naswot_tf");
        for (CellGenome cell : cells.values()) {
            NetworkSpec network = space.decode(cell, digits.head());
            for (ZeroCostProxy proxy : ZeroCostProxy.values()) {
                for (String engine : ENGINES) {
                    long start = System.nanoTime();
                    double score = scorers.get(engine).score(network, proxy, digits.train(), batch, seed);
                    seconds.computeIfAbsent(engine, e -> new LinkedHashMap<>())
                            .merge(proxy, (System.nanoTime() - start) / 1e9, Double::sum);
                    scores.computeIfAbsent(engine, e -> new LinkedHashMap<>())
                            .computeIfAbsent(proxy, p -> new ArrayList<>()).add(score);
                }
                otherSeed.computeIfAbsent(proxy, p -> new ArrayList<>())
                        .add(scorers.get("djl").score(network, proxy, digits.train(), batch, seed + 1));
            }
            int last = scores.get("djl").get(ZeroCostProxy.SYNFLOW).size() - 1;
            System.out.printf(Locale.ROOT, "%-70s %12.5g %12.5g %10.4f %10.4f %9.3f %9.3f%n", space.format(cell),
                    scores.get("djl").get(ZeroCostProxy.SYNFLOW).get(last),
                    scores.get("tensorflow").get(ZeroCostProxy.SYNFLOW).get(last),
                    scores.get("djl").get(ZeroCostProxy.GRAD_NORM).get(last),
                    scores.get("tensorflow").get(ZeroCostProxy.GRAD_NORM).get(last),
                    scores.get("djl").get(ZeroCostProxy.NASWOT).get(last),
                    scores.get("tensorflow").get(ZeroCostProxy.NASWOT).get(last));
        }

        int count = cells.size();
        System.out.printf(Locale.ROOT, "%n%d distinct nb201 cells (16 channels, 1 cell per stage) on digits, seed %d, "
                + "one batch of %d%n", count, seed, batch);
        System.out.printf(Locale.ROOT, "%-10s %14s %14s %20s %14s %14s%n", "proxy", "spearman_tf_djl", "kendall_tf_djl",
                "spearman_djl_seeds", "s/score_djl", "s/score_tf");
        for (ZeroCostProxy proxy : ZeroCostProxy.values()) {
            double[] djl = array(scores.get("djl").get(proxy));
            double[] tensorflow = array(scores.get("tensorflow").get(proxy));
            System.out.printf(Locale.ROOT, "%-10s %14.3f %14.3f %20.3f %14.4f %14.4f%n", proxy.metric(),
                    Correlations.spearman(tensorflow, djl), Correlations.kendall(tensorflow, djl),
                    Correlations.spearman(array(otherSeed.get(proxy)), djl),
                    seconds.get("djl").get(proxy) / count, seconds.get("tensorflow").get(proxy) / count);
        }
        for (String engine : ENGINES) {
            long singular = scores.get(engine).get(ZeroCostProxy.NASWOT).stream().filter(s -> !Double.isFinite(s)).count();
            System.out.printf(Locale.ROOT, "naswot on %s: %d of %d cells had a singular kernel (-Infinity)%n", engine,
                    singular, count);
        }

        assertThat(scores.get("tensorflow").get(ZeroCostProxy.SYNFLOW)).hasSize(architectures);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
