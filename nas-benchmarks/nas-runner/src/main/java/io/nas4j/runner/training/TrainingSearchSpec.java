package io.nas4j.runner.training;

import io.nas4j.core.port.ZeroCostProxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a search that trains its candidates, resolved and validated: what a worker
 * process needs to rebuild the same estimator (it travels to workers as JSON), and what
 * {@code result.json} records as the configuration used.
 *
 * @param task               the task family, {@code classification}
 * @param dataset            {@code digits} (embedded), {@code mnist}, {@code fashion-mnist} or {@code cifar10}
 * @param dataDir            the folder of the data set's files; null for digits
 * @param space              {@code chain}, {@code nb201} or {@code macro}
 * @param strategy           the strategy's name
 * @param settings           the strategy's settings
 * @param backend            the training backend's name, for example {@code djl}
 * @param budget             trials
 * @param timeLimitSeconds   wall-time limit of the search in seconds; 0 for none
 * @param seed               the seed of data splits, strategy and training
 * @param epochs             epochs per candidate at full fidelity
 * @param finalEpochs        epochs of the final training of the best architecture on training + validation
 * @param batchSize          examples per step
 * @param learningRate       Adam's learning rate (or SGD's with optimizer sgd)
 * @param optimizer          {@code adam} or {@code sgd}
 * @param dataFraction       fraction of the training split each candidate trains on, in (0, 1]
 * @param maxParams          candidates with more parameters fail without training
 * @param workers            worker processes; 0 trains in this JVM
 * @param trialTimeoutSeconds a trial running longer fails; 0 for no limit
 * @param maxMacs            candidates with more multiply-adds per example fail without training; 0 for no limit
 * @param finalShare         with a time limit, the share of it kept for the final training, in (0, 1): the
 *                           search stops asking at {@code (1 - finalShare) * timeLimit} and the final training's
 *                           epochs are cut to what fits in the time left
 * @param maxLatencyMs       candidates whose latency per example (batch 1, one thread), predicted from the
 *                           backend's per-op lookup table and scaled by the space's calibration on this machine
 *                           ({@link LatencyTables#calibrated}), is higher fail without training; 0 for no limit
 * @param widthMultiplier    the candidates' body channels are scaled by this during the search, in (0, 1]
 *                           (a low fidelity; the final training builds the full width); 0 reads as 1, so a
 *                           spec written without it means full width
 * @param earlyStop          {@code none}, or {@code curve}: a candidate whose learning curve extrapolates below
 *                           the incumbent at its fidelity stops early ({@link io.nas4j.core.estimate.CurveStopping});
 *                           null reads as {@code none}
 * @param proxy              {@code none}: candidates train; or the {@link io.nas4j.core.port.ZeroCostProxy#metric() name}
 *                           of a zero-cost proxy ({@code synflow}, {@code grad_norm}, {@code naswot}): candidates are
 *                           scored untrained, in this JVM, and the search maximises the score; the best by score then
 *                           gets the final training. Null reads as {@code none}
 */
public record TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                                 Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                                 long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                                 String optimizer, double dataFraction, long maxParams, int workers,
                                 long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                                 double widthMultiplier, String earlyStop, String proxy) {

    /** The values of {@link #earlyStop}. */
    public static final java.util.List<String> EARLY_STOPS = java.util.List.of("none", "curve");

    /** The share of a time limit kept for the final training unless a config says otherwise. */
    public static final double DEFAULT_FINAL_SHARE = 0.4;

    public TrainingSearchSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(optimizer, "optimizer");
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        if (maxMacs < 0) {
            throw new IllegalArgumentException("maxMacs must not be negative, got " + maxMacs);
        }
        if (!(finalShare > 0 && finalShare < 1)) {
            throw new IllegalArgumentException("finalShare must be in (0, 1), got " + finalShare);
        }
        if (!(maxLatencyMs >= 0) || Double.isInfinite(maxLatencyMs)) {
            throw new IllegalArgumentException("maxLatencyMs must be finite and not negative, got " + maxLatencyMs);
        }
        widthMultiplier = widthMultiplier == 0 ? 1 : widthMultiplier;
        if (!(widthMultiplier > 0 && widthMultiplier <= 1)) {
            throw new IllegalArgumentException("widthMultiplier must be in (0, 1], got " + widthMultiplier);
        }
        earlyStop = earlyStop == null ? "none" : earlyStop;
        if (!EARLY_STOPS.contains(earlyStop)) {
            throw new IllegalArgumentException("earlyStop must be one of " + EARLY_STOPS + ", got " + earlyStop);
        }
        proxy = proxy == null ? NO_PROXY : proxy;
        if (!proxy.equals(NO_PROXY)) {
            ZeroCostProxy.named(proxy);
            if (workers != 0) {
                throw new IllegalArgumentException("a search scored by proxy " + proxy + " runs in this JVM; workers must be 0, got "
                        + workers);
            }
            if (!earlyStop.equals("none")) {
                throw new IllegalArgumentException("a search scored by proxy " + proxy + " trains no candidate; earlyStop must be none");
            }
        }
    }

    /** The value of {@link #proxy} for a search that trains its candidates. */
    public static final String NO_PROXY = "none";

    /** A spec whose candidates train (no zero-cost proxy). */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare, double maxLatencyMs,
                              double widthMultiplier, String earlyStop) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, NO_PROXY);
    }

    /** Whether candidates are scored by a zero-cost proxy rather than trained. */
    public boolean scoredByProxy() {
        return !proxy.equals(NO_PROXY);
    }

    /** A spec without a latency limit, at full width, without early stopping. */
    public TrainingSearchSpec(String task, String dataset, String dataDir, String space, String strategy,
                              Map<String, Object> settings, String backend, int budget, long timeLimitSeconds,
                              long seed, int epochs, int finalEpochs, int batchSize, double learningRate,
                              String optimizer, double dataFraction, long maxParams, int workers,
                              long trialTimeoutSeconds, long maxMacs, double finalShare) {
        this(task, dataset, dataDir, space, strategy, settings, backend, budget, timeLimitSeconds, seed, epochs,
                finalEpochs, batchSize, learningRate, optimizer, dataFraction, maxParams, workers, trialTimeoutSeconds,
                maxMacs, finalShare, 0, 1, "none");
    }

    /** Seconds the search itself may run: the time limit less the final training's share; 0 for no limit. */
    public long searchSeconds() {
        return timeLimitSeconds == 0 ? 0 : Math.max(1, Math.round(timeLimitSeconds * (1 - finalShare)));
    }

    /**
     * A builder starting from the defaults of a short search on the embedded digits: chain space,
     * regularized evolution, 20 trials of 8 epochs, final training of 40 epochs, Adam 0.002, batch 64,
     * backend {@code djl}, trials in this JVM.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction for library users; every setter replaces one field. */
    public static final class Builder {
        private String dataset = "digits";
        private String dataDir;
        private String space = "chain";
        private String strategy = "regularized-evolution";
        private Map<String, Object> settings = new LinkedHashMap<>();
        private String backend = "djl";
        private int budget = 20;
        private long timeLimitSeconds;
        private long seed;
        private int epochs = 8;
        private int finalEpochs = 40;
        private int batchSize = 64;
        private double learningRate = 0.002;
        private double dataFraction = 1.0;
        private long maxParams = 5_000_000L;
        private long maxMacs;
        private double finalShare = DEFAULT_FINAL_SHARE;
        private double maxLatencyMs;
        private int workers;
        private double widthMultiplier = 1;
        private String earlyStop = "none";
        private String proxy = NO_PROXY;

        private Builder() {
        }

        public Builder dataset(String value, String directory) {
            this.dataset = value;
            this.dataDir = directory;
            return this;
        }

        public Builder space(String value) {
            this.space = value;
            return this;
        }

        public Builder strategy(String value, Map<String, ?> strategySettings) {
            this.strategy = value;
            this.settings = new LinkedHashMap<>(strategySettings);
            return this;
        }

        public Builder backend(String value) {
            this.backend = value;
            return this;
        }

        public Builder budget(int trials, long timeLimitInSeconds) {
            this.budget = trials;
            this.timeLimitSeconds = timeLimitInSeconds;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder training(int candidateEpochs, int finalTrainingEpochs, int examplesPerBatch, double rate) {
            this.epochs = candidateEpochs;
            this.finalEpochs = finalTrainingEpochs;
            this.batchSize = examplesPerBatch;
            this.learningRate = rate;
            return this;
        }

        public Builder dataFraction(double value) {
            this.dataFraction = value;
            return this;
        }

        public Builder maxParams(long value) {
            this.maxParams = value;
            return this;
        }

        /** Candidates with more multiply-adds per example fail untrained; 0 (the default) for no limit. */
        public Builder maxMacs(long value) {
            this.maxMacs = value;
            return this;
        }

        /** Candidates predicted slower than this many milliseconds per example fail untrained; 0 (the default) for no limit. */
        public Builder maxLatencyMs(double value) {
            this.maxLatencyMs = value;
            return this;
        }

        /** With a time limit, the share of it kept for the final training (default 0.4). */
        public Builder finalShare(double value) {
            this.finalShare = value;
            return this;
        }

        /** Worker processes; 0 (the default for library use) trains in this JVM. */
        public Builder workers(int value) {
            this.workers = value;
            return this;
        }

        /** The candidates' body channels scaled by this during the search, in (0, 1] (default 1). */
        public Builder widthMultiplier(double value) {
            this.widthMultiplier = value;
            return this;
        }

        /** {@code none} (the default) or {@code curve}: stop candidates whose curve cannot beat the incumbent. */
        public Builder earlyStop(String value) {
            this.earlyStop = value;
            return this;
        }

        /**
         * {@code none} (the default: candidates train) or a zero-cost proxy's name ({@code synflow},
         * {@code grad_norm}, {@code naswot}) that scores candidates untrained; needs {@code workers(0)}.
         */
        public Builder proxy(String value) {
            this.proxy = value;
            return this;
        }

        public TrainingSearchSpec build() {
            return new TrainingSearchSpec("classification", dataset, dataDir, space, strategy, settings, backend, budget,
                    timeLimitSeconds, seed, epochs, finalEpochs, batchSize, learningRate, "adam", dataFraction, maxParams,
                    workers, 0, maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy);
        }
    }
}
