package io.nas4j.executor.spark;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.Claim;
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
 * <p>The search stores each trial as RUNNING before it submits it. The task evaluates it on an executor with
 * the evaluation of the settings' {@link TrialRecipe}, built once per executor JVM, with the trial's
 * incumbent (so estimators that stop hopeless trials early work on the cluster too), and with one engine
 * thread per CPU of a task slot ({@code spark.task.cpus}). Who commits the result depends on whether the
 * executors can reach the store ({@link Results}):
 * <ul>
 *   <li>{@link Results#TASKS}: the task claims the attempt in the shared store (PostgreSQL, or SQLite on a file
 *   every executor shares), which driver and executors open from its URL through {@link TrialStores} as
 *   {@link TrialLeases} (a store module, such as {@code nas-store-jdbc}, must be on their class path), and
 *   writes the result under its lease;</li>
 *   <li>{@link Results#DRIVER}: the task returns the result through Spark and the driver claims the attempt and
 *   writes it under that lease, labelled with the executor and task attempt that produced it; the executors
 *   never open the store, so a SQLite file on the driver's disk and {@code local[n]} work with no database.</li>
 * </ul>
 * Either way the result is written under a lease of the attempt the search submitted (a result for an attempt
 * the search has moved past is refused), and this executor then reads it back from the store: the store, not
 * Spark's task result, is the record. Trial errors are FAILED results; a lost executor makes Spark run the task
 * again (up to {@code spark.task.maxFailures}), and the re-run either finds the result already stored or claims
 * the trial anew, voiding the lost task's lease. When Spark gives up, the trial is
 * {@linkplain TrialResult#lost() lost}, for the search's retry policy to decide.
 *
 * <p>This is a remote executor in the sense of {@link TrialExecutor}: the estimator given to {@link #submit}
 * is not used.
 */
public final class SparkTrialExecutor implements TrialExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrialExecutor.class);

    /** Who writes a task's result to the store. */
    public enum Results {
        /** Each task writes its result under its lease: the store must be reachable from every executor. */
        TASKS,
        /** Tasks return their results through Spark and the driver writes them: the store stays on the driver. */
        DRIVER;

        /**
         * The choice for a store URL: an SQLite file is the driver's own (SQLite must not be shared over a
         * network file system), so the driver commits; a database server (PostgreSQL) is reachable from the
         * executors, so the tasks write.
         */
        public static Results forStore(String storeUrl) {
            return storeUrl.startsWith("jdbc:sqlite:") ? DRIVER : TASKS;
        }
    }

    /**
     * How to reach the cluster and what to run there.
     *
     * @param master        the Spark master URL, e.g. {@code spark://host:7077} or {@code local[2]}
     * @param parallelism   trials running at once (usually the cluster's task slots)
     * @param space         formats the genomes the search submits
     * @param storeUrl      the search's store, credentials included; one that leases trials to workers
     *                      ({@link TrialStores#openLeases}); with {@link Results#TASKS} every executor must reach it
     * @param recipe        what every executor JVM builds once and evaluates the trials with; its factory must
     *                      be on the executors' class path
     * @param sparkSettings further Spark settings ({@code spark.executor.memory}, ...)
     * @param results       who writes the results to the store
     */
    public record Settings(String master, int parallelism, SearchSpace<?> space, String storeUrl, TrialRecipe recipe,
                           Map<String, String> sparkSettings, Results results) {
        public Settings {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(storeUrl, "storeUrl");
            Objects.requireNonNull(recipe, "recipe");
            Objects.requireNonNull(results, "results");
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            sparkSettings = Map.copyOf(sparkSettings);
        }

        /** Settings whose results are written as {@link Results#forStore} chooses for the store URL. */
        public Settings(String master, int parallelism, SearchSpace<?> space, String storeUrl, TrialRecipe recipe,
                        Map<String, String> sparkSettings) {
            this(master, parallelism, space, storeUrl, recipe, sparkSettings, Results.forStore(storeUrl));
        }

        /** These settings with the results written by {@code value}. */
        public Settings withResults(Results value) {
            return new Settings(master, parallelism, space, storeUrl, recipe, sparkSettings, value);
        }
    }

    private final Settings settings;
    private final JavaSparkContext spark;
    private TrialLeases leases;
    private final ExecutorService waiting;

    /**
     * Starts the Spark driver and connects to the cluster.
     *
     * <p>The store is opened when the first trial is submitted (the search has stored it by then, so a new
     * search's SQLite file exists).
     *
     * @throws IllegalArgumentException naming the field {@code store} when no store module on the class
     *                                  path opens the settings' store URL
     */
    public SparkTrialExecutor(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        SparkConf conf = new SparkConf().setMaster(settings.master()).setAppName("nas4j search")
                .set("spark.ui.enabled", "false")
                .set("spark.scheduler.mode", "FAIR");
        settings.sparkSettings().forEach(conf::set);
        // native engines that read OpenMP's variable get the task slot's CPUs too (see EngineThreads)
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
        // and wait passively: spinning OpenMP threads collapse when tasks share cores (docs/benchmarks.md, "Threads")
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        TrialStores.provider(settings.storeUrl());
        this.spark = new JavaSparkContext(conf);
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
        String genome = settings.space().formatAny(trial.genome());
        TrialTask task = TrialTask.of(settings.results() == Results.TASKS ? settings.storeUrl() : null, trial.id(),
                trial.attempt(), genome, trial.fidelity().resource(), settings.recipe(), trial.incumbent());
        String group = "nas4j-trial-" + trial.id() + "-" + trial.attempt();
        CompletableFuture<TrialResult> future = new CompletableFuture<>();
        waiting.execute(() -> {
            try {
                spark.setJobGroup(group, "trial " + trial.id() + " attempt " + trial.attempt(), true);
                TaskReport report = spark.parallelize(List.of(task), 1).map(TrialTask::call).collect().get(0);
                future.complete(recorded(trial, commit(trial, report)));
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

    /**
     * Writes a result the task returned under a lease of the attempt the search submitted, labelled with the
     * task that produced it; a report of a task that wrote to the store itself passes through.
     */
    private TaskReport commit(Trial<?> trial, TaskReport report) {
        Optional<TrialResult> result = report.trialResult();
        if (result.isEmpty()) {
            return report;
        }
        Claim claim = leases().claim(trial.id(), trial.attempt(), report.label());
        if (claim instanceof Claim.Granted granted) {
            return TaskReport.of(report.label(), leases().complete(granted.lease(), result.get())
                    ? TaskReport.Outcome.RECORDED : TaskReport.Outcome.REFUSED, "committed by the driver");
        }
        if (claim instanceof Claim.AlreadyFinished) {
            return TaskReport.of(report.label(), TaskReport.Outcome.ALREADY_RECORDED, "");
        }
        return TaskReport.of(report.label(), TaskReport.Outcome.SUPERSEDED, ((Claim.Superseded) claim).reason());
    }

    private TrialResult recorded(Trial<?> trial, TaskReport report) {
        Optional<TrialRecord> stored = leases().trial(trial.id());
        if (stored.isEmpty() || stored.get().attempt() != trial.attempt() || !stored.get().state().finished()) {
            return TrialResult.lost("trial " + trial.id() + " attempt " + trial.attempt() + " has no stored result ("
                    + report + ")");
        }
        TrialRecord record = stored.get();
        LOG.debug("trial {} attempt {}: {}", trial.id(), trial.attempt(), report);
        return new TrialResult(record.state(), record.metrics(), record.cost(), record.reason(), record.curve());
    }

    /** The store, opened on first use. */
    private synchronized TrialLeases leases() {
        if (leases == null) {
            leases = TrialStores.openLeases(settings.storeUrl());
        }
        return leases;
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
            synchronized (this) {
                if (leases != null) {
                    leases.close();
                }
            }
        }
    }
}
