package io.nas4j.core.estimate;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Estimates a candidate without training it: decode the genome, check it with the core's analysis, and
 * score the untrained network with one or more {@link ZeroCostProxy zero-cost proxies} on a
 * {@link ProxyScorer}. Any strategy searches with it by maximising the first proxy's metric
 * ({@link #objectiveMetric()}); the trial's cost is 0 (no epoch trained) and its fidelity is ignored.
 *
 * <p>Metrics: each proxy's score under its {@link ZeroCostProxy#metric() name}, {@code proxy_seconds}
 * (time spent scoring), {@code params}, {@code flops} (multiply-adds) and {@code activation_mb}, the same
 * size metrics as {@link TrainingEstimator}, so constraints and objectives on them work alike. The first
 * proxy must be finite or the trial fails with the reason (a NASWOT kernel is singular when two examples
 * activate the same units: the network cannot tell them apart); a later proxy that is not finite is left
 * out of the metrics.
 *
 * <p>Determinism: every architecture is scored with the same seed, so all see the same mini-batch and the
 * same initialisation draws; one architecture always gets the same score.
 */
public final class ZeroCostEstimator<G extends Genome> implements PerformanceEstimator<G> {

    /** Examples in the mini-batch unless the caller says otherwise (NASWOT's paper uses 128). */
    public static final int DEFAULT_BATCH = 128;

    private final SearchSpace<G> space;
    private final TaskHead head;
    private final ProxyScorer scorer;
    private final Dataset data;
    private final List<ZeroCostProxy> proxies;
    private final int batchSize;
    private final long seed;
    private final long maxParameters;
    private final long maxMacs;

    /**
     * @param data          where the mini-batch comes from (usually the training split)
     * @param proxies       the proxies to compute, the first one the objective; not empty, no repeats
     * @param batchSize     examples in the mini-batch, at least 2
     * @param maxParameters networks with more parameters fail unscored
     */
    public ZeroCostEstimator(SearchSpace<G> space, TaskHead head, ProxyScorer scorer, Dataset data,
                             List<ZeroCostProxy> proxies, int batchSize, long seed, long maxParameters) {
        this(space, head, scorer, data, proxies, batchSize, seed, maxParameters, Long.MAX_VALUE);
    }

    private ZeroCostEstimator(SearchSpace<G> space, TaskHead head, ProxyScorer scorer, Dataset data,
                              List<ZeroCostProxy> proxies, int batchSize, long seed, long maxParameters, long maxMacs) {
        this.space = Objects.requireNonNull(space, "space");
        this.head = Objects.requireNonNull(head, "head");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.data = Objects.requireNonNull(data, "data");
        this.proxies = List.copyOf(proxies);
        if (this.proxies.isEmpty()) {
            throw new IllegalArgumentException("a zero-cost estimator needs at least one proxy");
        }
        if (this.proxies.stream().distinct().count() != this.proxies.size()) {
            throw new IllegalArgumentException("proxies repeat: " + this.proxies);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("the proxies' batch needs at least 2 examples, got " + batchSize);
        }
        if (maxParameters < 1) {
            throw new IllegalArgumentException("maxParameters must be positive, got " + maxParameters);
        }
        this.batchSize = batchSize;
        this.seed = seed;
        this.maxParameters = maxParameters;
        if (maxMacs < 1) {
            throw new IllegalArgumentException("maxMacs must be positive, got " + maxMacs);
        }
        this.maxMacs = maxMacs;
    }

    /** This estimator with networks of more than {@code limit} multiply-adds per example failing unscored. */
    public ZeroCostEstimator<G> withMaxMacs(long limit) {
        return new ZeroCostEstimator<>(space, head, scorer, data, proxies, batchSize, seed, maxParameters, limit);
    }

    /** The metric a search maximises with this estimator: the first proxy's. */
    public String objectiveMetric() {
        return proxies.get(0).metric();
    }

    @Override
    public TrialResult estimate(Trial<G> trial) {
        NetworkSpec spec = space.decode(trial.genome(), head);
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        Optional<TrialResult> beyond = SizeLimits.failure(analysis, maxParameters, maxMacs);
        if (beyond.isPresent()) {
            return beyond.get();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (ZeroCostProxy proxy : proxies) {
            double score = scorer.score(spec, proxy, data, batchSize, seed);
            if (Double.isFinite(score)) {
                metrics.put(proxy.metric(), score);
            } else if (proxy == proxies.get(0)) {
                return TrialResult.failed(proxy.metric() + " score is " + score
                        + (proxy == ZeroCostProxy.NASWOT
                        ? ": two examples of the batch activate the same ReLU units"
                        : ": the engine's arithmetic failed"));
            }
        }
        metrics.put("proxy_seconds", (System.nanoTime() - start) / 1e9);
        metrics.put("params", (double) analysis.parameters());
        metrics.put("flops", (double) analysis.macs());
        metrics.put("activation_mb", analysis.activationBytes() / 1e6);
        return new TrialResult(TrialState.COMPLETE, metrics, 0, "", List.of());
    }
}
