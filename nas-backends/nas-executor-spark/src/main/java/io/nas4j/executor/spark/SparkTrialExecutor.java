package io.nas4j.executor.spark;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.space.SearchSpace;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials as Apache Spark tasks, one single-task job per trial, on any cluster manager Spark knows
 * (standalone {@code spark://}, YARN, Kubernetes, {@code local[n]}). This JVM is the Spark driver.
 *
 * <p>The search stores each trial as RUNNING before it submits it; the task claims that attempt in the
 * shared store (SQLite on a shared file system, or PostgreSQL), which driver and executors open from its
 * URL through {@link TrialStores} and use as {@link TrialLeases} (a store module, such as
 * {@code nas-store-jdbc}, must be on their class path), evaluates it with the evaluation of the settings'
 * {@link TrialRecipe}, built once per executor JVM, and writes the result under its lease. When the
 * job ends, this executor reads the result back from the store: the store, not Spark's task result, is
 * the record. Trial errors are FAILED results written by the task; a lost executor makes Spark run the
 * task again (up to {@code spark.task.maxFailures}), and the re-run either finds the result already
 * stored or claims the trial anew, voiding the lost task's lease. When Spark gives up, the trial is
 * {@linkplain TrialResult#lost() lost}, for the search's retry policy to decide.
 *
 * <p>This is a remote executor in the sense of {@link TrialExecutor}: the estimator given to {@link #submit}
 * is not used.
 */
public final class SparkTrialExecutor implements TrialExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrialExecutor.class);

    /**
     * How to reach the cluster and what to run there.
     *
     * @param master        the Spark master URL, e.g. {@code spark://host:7077} or {@code local[2]}
     * @param parallelism   trials running at once (usually the cluster's task slots)
     * @param space         formats the genomes the search submits
     * @param storeUrl      the store every executor can reach, credentials included; one that leases trials to
     *                      workers ({@link TrialStores#openLeases})
     * @param recipe        what every executor JVM builds once and evaluates the trials with; its factory must
     *                      be on the executors' class path
     * @param sparkSettings further Spark settings ({@code spark.executor.memory}, ...)
     */
    public record Settings(String master, int parallelism, SearchSpace<?> space, String storeUrl, TrialRecipe recipe,
                           Map<String, String> sparkSettings) {
        public Settings {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(storeUrl, "storeUrl");
            Objects.requireNonNull(recipe, "recipe");
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            sparkSettings = Map.copyOf(sparkSettings);
        }
    }

    private final Settings settings;
    private final JavaSparkContext spark;
    private final TrialLeases results;
    private final ExecutorService waiting;

    /**
     * Starts the Spark driver and connects to the cluster.
     *
     * @throws IllegalArgumentException naming the field {@code store} when no store module on the class
     *                                  path opens the settings' store URL, or its stores lease no trials
     */
    public SparkTrialExecutor(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        SparkConf conf = new SparkConf().setMaster(settings.master()).setAppName("nas4j search")
                .set("spark.ui.enabled", "false")
                .set("spark.scheduler.mode", "FAIR");
        settings.sparkSettings().forEach(conf::set);
        this.results = TrialStores.openLeases(settings.storeUrl());
        try {
            this.spark = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            results.close();
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        this.waiting = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "nas4j-spark-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    /** The Spark context, for status and tests. */
    public JavaSparkContext context() {
        return spark;
    }

    @Override
    public <G extends Genome> CompletableFuture<TrialResult> submit(Trial<G> trial, PerformanceEstimator<G> estimator) {
        String genome = format(trial.genome());
        TrialTask task = new TrialTask(settings.storeUrl(), trial.id(), trial.attempt(), genome,
                trial.fidelity().resource(), settings.recipe());
        String group = "nas4j-trial-" + trial.id() + "-" + trial.attempt();
        CompletableFuture<TrialResult> future = new CompletableFuture<>();
        waiting.execute(() -> {
            try {
                spark.setJobGroup(group, "trial " + trial.id() + " attempt " + trial.attempt(), true);
                String outcome = spark.parallelize(List.of(task), 1).map(TrialTask::call).collect().get(0);
                future.complete(recorded(trial, outcome));
            } catch (RuntimeException e) {
                future.complete(TrialResult.lost("the Spark job of trial " + trial.id() + " failed: " + firstLine(e)));
            }
        });
        future.whenComplete((result, error) -> {
            if (future.isCancelled()) {
                spark.cancelJobGroup(group);
            }
        });
        return future;
    }

    private TrialResult recorded(Trial<?> trial, String outcome) {
        Optional<TrialRecord> stored = results.trial(trial.id());
        if (stored.isEmpty() || stored.get().attempt() != trial.attempt() || !stored.get().state().finished()) {
            return TrialResult.lost("trial " + trial.id() + " attempt " + trial.attempt() + " has no stored result ("
                    + outcome + ")");
        }
        TrialRecord record = stored.get();
        LOG.debug("trial {} attempt {}: {}", trial.id(), trial.attempt(), outcome);
        return new TrialResult(record.state(), record.metrics(), record.cost(), record.reason(), record.curve());
    }

    @SuppressWarnings("unchecked")
    private <G extends Genome> String format(G genome) {
        SearchSpace<?> space = settings.space();
        if (!space.genomeType().isInstance(genome)) {
            throw new IllegalArgumentException("the executor's space " + space.name() + " holds "
                    + space.genomeType().getSimpleName() + " genomes, got a " + genome.getClass().getSimpleName());
        }
        return ((SearchSpace<G>) space).format(genome);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Spark settings by name, in order, for {@link Settings#sparkSettings()}. */
    public static Map<String, String> settings(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Override
    public void close() {
        waiting.shutdownNow();
        try {
            spark.stop();
        } finally {
            results.close();
        }
    }
}
