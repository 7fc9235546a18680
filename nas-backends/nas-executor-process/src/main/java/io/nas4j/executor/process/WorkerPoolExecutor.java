package io.nas4j.executor.process;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.space.SearchSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Runs trials in a pool of worker JVM processes ({@link WorkerMain}), one trial per worker at a time.
 * Native training backends need this: DJL allows one gradient collector per JVM, a native crash kills its
 * JVM, and native memory freed by a trial is not returned to the operating system. A worker that dies
 * fails only the trial it was running.
 *
 * <p><b>Which estimator runs.</b> This is a remote executor in the sense of {@link TrialExecutor}: each
 * worker builds the evaluation of {@link Settings#recipe()} once, when it starts, and runs every trial it
 * is given with it. Genomes cross as the text of {@link Settings#space()}'s {@link SearchSpace#format},
 * which the evaluation's space must read back.
 *
 * <p><b>Life of the workers.</b> All workers start in the constructor, so they load their data while the
 * search is being set up; trials submitted before a worker is ready wait for it. Each worker gets
 * {@link Settings#threadsPerWorker()} threads through {@code OMP_NUM_THREADS}, {@code MKL_NUM_THREADS},
 * {@code -Dai.djl.pytorch.num_threads} and {@code -Dai.djl.pytorch.num_interop_threads=1}, and
 * {@code OMP_WAIT_POLICY=PASSIVE} unless this process has a policy of its own ({@link #workerEnvironment}). Two daemon
 * threads per worker read its standard output (the protocol) and its standard
 * error, which goes to this class's SLF4J logger at INFO, one line each, prefixed with the worker's number;
 * so do lines on standard output that are not part of the protocol (native code writing there).
 * The protocol is described in {@link WorkerMain}.
 * Workers are numbered from 1 in the order they start; a replacement gets the next number.
 *
 * <p><b>Failures.</b> Whatever happens to a worker, a trial's future completes with a result and never
 * exceptionally:
 * <ul>
 *   <li>the estimator throws: FAILED with {@code "ExceptionName: message"}; the worker goes on;</li>
 *   <li>the worker process dies while running a trial (native crash, {@code System.exit}, killed from
 *       outside): FAILED and {@linkplain TrialResult#lost() lost} (a retry policy may run it again) with
 *       {@code "worker process died (exit status N) while running trial ID"}; a new
 *       worker replaces it at once;</li>
 *   <li>a worker cannot start (its recipe cannot be built, a bad JVM option): it is replaced, but after
 *       {@value #START_ATTEMPTS} failed starts in a row no more workers start; once none is left every
 *       waiting and later trial fails at once with {@code "worker failed to start: "} and the last
 *       reason, so a broken configuration never spins;</li>
 *   <li>the trial's future is cancelled (the search's trial time limit): its worker is killed and
 *       replaced, since a trial cannot be interrupted in another process.</li>
 * </ul>
 *
 * <p><b>Threads and closing.</b> {@link #submit} may be called from any thread and never blocks on a
 * worker; more trials than {@link #parallelism()} wait in order. Futures complete on the workers' reader
 * threads. {@link #close()} fails trials still waiting or running ("the executor was closed"), closes the
 * workers' input, signals them to terminate, kills those still alive after {@value #STOP_GRACE_SECONDS} s and
 * joins the reader threads; afterwards no worker process is alive. Workers also exit on their own when
 * this JVM dies, since their input then ends.
 */
public final class WorkerPoolExecutor implements TrialExecutor {

    /** Failed worker starts in a row after which no more workers start. */
    public static final int START_ATTEMPTS = 3;

    /** Seconds {@link #close()} gives the workers to end before it kills them. */
    public static final long STOP_GRACE_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPoolExecutor.class);

    private final Settings settings;
    private final List<String> command;
    private final Map<String, String> environment;
    private final String configurationLine;
    private final WorkerProcess.Listener events = new Events();

    // Guarded by this. A worker is in exactly one of starting, idle and busy until it ends.
    private final Deque<Job> waiting = new ArrayDeque<>();
    private final Set<WorkerProcess> starting = new LinkedHashSet<>();
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final Map<WorkerProcess, Job> busy = new LinkedHashMap<>();
    private int nextNumber = 1;
    private int failedStarts;
    private String lastStartFailure;
    private String broken;
    private boolean closed;

    /** Starts the workers; their readiness is not awaited. */
    public WorkerPoolExecutor(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.command = command(settings);
        this.environment = workerEnvironment(settings.threadsPerWorker(), System.getenv("OMP_WAIT_POLICY"));
        this.configurationLine = WorkerProtocol.configuration(settings.recipe().configuration());
        List<Completion> completions = new ArrayList<>();
        synchronized (this) {
            for (int worker = 0; worker < settings.workers(); worker++) {
                completions.addAll(startWorker());
            }
        }
        complete(completions);
    }

    @Override
    public int parallelism() {
        return settings.workers();
    }

    /**
     * Queues the trial for the next free worker and returns at once.
     *
     * @param estimator not used: the workers evaluate with the settings' recipe
     * @throws IllegalArgumentException when the genome is not of the settings' space's genome type
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public <G extends Genome> CompletableFuture<TrialResult> submit(Trial<G> trial, PerformanceEstimator<G> estimator) {
        Objects.requireNonNull(trial, "trial");
        SearchSpace<?> space = settings.space();
        String genome;
        try {
            genome = space.formatAny(trial.genome());
        } catch (IllegalArgumentException e) {
            if (!space.genomeType().isInstance(trial.genome())) {
                throw e; // a genome of another space is the caller's mistake, not the trial's
            }
            return CompletableFuture.completedFuture(TrialResult.failed("IllegalArgumentException: " + e.getMessage()));
        }
        Job job = new Job(trial.id(), WorkerProtocol.request(trial.id(), genome, trial.fidelity(), trial.attempt(),
                trial.incumbent()),
                new CompletableFuture<>());
        List<Assignment> assignments;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the worker pool is closed");
            }
            if (broken != null) {
                return CompletableFuture.completedFuture(TrialResult.failed(broken));
            }
            waiting.add(job);
            assignments = dispatch();
        }
        job.future().whenComplete((result, error) -> {
            if (job.future().isCancelled()) {
                cancelled(job);
            }
        });
        send(assignments);
        return job.future();
    }

    /** The process ids of the workers alive now: starting, idle or running a trial. */
    public synchronized List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        starting.forEach(worker -> pids.add(worker.pid()));
        idle.forEach(worker -> pids.add(worker.pid()));
        busy.keySet().forEach(worker -> pids.add(worker.pid()));
        return pids;
    }

    @Override
    public void close() {
        List<WorkerProcess> workers = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            workers.addAll(starting);
            workers.addAll(idle);
            workers.addAll(busy.keySet());
            TrialResult closedResult = TrialResult.failed("the executor was closed before the trial finished");
            busy.values().forEach(job -> completions.add(new Completion(job, closedResult)));
            waiting.forEach(job -> completions.add(new Completion(job, closedResult)));
            starting.clear();
            idle.clear();
            busy.clear();
            waiting.clear();
        }
        complete(completions);
        workers.forEach(WorkerProcess::requestStop);
        Instant deadline = Instant.now().plusSeconds(STOP_GRACE_SECONDS);
        workers.forEach(worker -> worker.awaitStop(deadline));
    }

    /**
     * Starts one worker unless too many starts failed in a row; a start that fails at once is counted and
     * tried again. Holds the lock.
     */
    private List<Completion> startWorker() {
        while (failedStarts < START_ATTEMPTS) {
            int number = nextNumber++;
            try {
                Map<String, String> workerEnvironment = new LinkedHashMap<>(environment);
                workerEnvironment.putAll(settings.gpuEnvironment(number, System.getenv("CUDA_VISIBLE_DEVICES")));
                WorkerProcess worker = WorkerProcess.start(number, command, workerEnvironment, configurationLine, events);
                starting.add(worker);
                LOG.debug("started {}", worker);
                return List.of();
            } catch (IOException e) {
                String reason = "the worker process could not be started: " + e.getMessage();
                LOG.warn("worker {}: {}", number, reason);
                countFailedStart(reason);
            }
        }
        return failIfNoWorkers();
    }

    private void countFailedStart(String reason) {
        failedStarts++;
        lastStartFailure = reason;
    }

    /** Once no worker is left and none may start, fails every waiting trial. Holds the lock. */
    private List<Completion> failIfNoWorkers() {
        if (broken != null) {
            return List.of();
        }
        if (failedStarts < START_ATTEMPTS || !starting.isEmpty() || !idle.isEmpty() || !busy.isEmpty()) {
            if (failedStarts >= START_ATTEMPTS) {
                LOG.warn("{} worker starts failed in a row; going on with the {} workers left",
                        failedStarts, starting.size() + idle.size() + busy.size());
            }
            return List.of();
        }
        broken = "worker failed to start: " + lastStartFailure;
        LOG.error("no worker is left and {} starts failed in a row; every trial fails: {}", failedStarts, broken);
        List<Completion> completions = new ArrayList<>();
        TrialResult failed = TrialResult.failed(broken);
        waiting.forEach(job -> completions.add(new Completion(job, failed)));
        waiting.clear();
        return completions;
    }

    /** Pairs waiting trials with idle workers; the caller sends them once it lets go of the lock. */
    private List<Assignment> dispatch() {
        List<Assignment> assignments = new ArrayList<>();
        while (!idle.isEmpty() && !waiting.isEmpty()) {
            Job job = waiting.poll();
            if (job.future().isDone()) {
                continue;
            }
            WorkerProcess worker = idle.poll();
            busy.put(worker, job);
            assignments.add(new Assignment(worker, job));
        }
        return assignments;
    }

    private void send(List<Assignment> assignments) {
        for (Assignment assignment : assignments) {
            try {
                assignment.worker().send(assignment.job().line());
            } catch (IOException e) {
                // A worker that cannot take input is gone or going; its end fails the trial.
                LOG.warn("{} did not take trial {}: {}", assignment.worker(), assignment.job().id(), e.getMessage());
                assignment.worker().kill();
            }
        }
    }

    /** A cancelled trial stops waiting, or its worker is killed, since it cannot be interrupted. */
    private void cancelled(Job job) {
        WorkerProcess running = null;
        synchronized (this) {
            if (waiting.remove(job)) {
                return;
            }
            for (Map.Entry<WorkerProcess, Job> entry : busy.entrySet()) {
                if (entry.getValue() == job) {
                    running = entry.getKey();
                }
            }
        }
        if (running != null) {
            LOG.info("trial {} was cancelled; killing {}, which runs it", job.id(), running);
            running.kill();
        }
    }

    private static void complete(List<Completion> completions) {
        completions.forEach(completion -> completion.job().future().complete(completion.result()));
    }

    /**
     * The variables every worker gets: its thread share, and OpenMP threads that sleep while they wait unless
     * {@code inheritedWaitPolicy} (this process's {@code OMP_WAIT_POLICY}, null when unset) says otherwise.
     * With the default policy a worker's idle OpenMP threads spin; two of them sharing the cores with other
     * processes made PyTorch's step 1.4 to 11 times slower than one thread, where two passive threads took
     * 0.57 to 1.54 times as long (docs/benchmarks.md, "Threads").
     */
    static Map<String, String> workerEnvironment(int threads, String inheritedWaitPolicy) {
        String count = Integer.toString(threads);
        return Map.of("OMP_NUM_THREADS", count, "MKL_NUM_THREADS", count,
                "OMP_WAIT_POLICY", inheritedWaitPolicy == null ? "PASSIVE" : inheritedWaitPolicy);
    }

    private static List<String> command(Settings settings) {
        List<String> command = new ArrayList<>();
        command.add(settings.java().toString());
        command.add("-Dai.djl.pytorch.num_threads=" + settings.threadsPerWorker());
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        // Keeps the JVM's own diagnostics off the protocol stream; a crash summary and -Xlog output still
        // go to standard output, which is why the reader skips lines that are not protocol.
        command.add("-XX:+DisplayVMOutputToStderr");
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(settings.classpath());
        command.add(WorkerMain.class.getName());
        command.add(settings.recipe().factoryClass());
        return List.copyOf(command);
    }

    /** The listener of every worker; each method runs on that worker's output thread. */
    private final class Events implements WorkerProcess.Listener {

        @Override
        public void ready(WorkerProcess worker) {
            List<Assignment> assignments;
            synchronized (WorkerPoolExecutor.this) {
                if (closed || !starting.remove(worker)) {
                    return;
                }
                LOG.debug("{} is ready", worker);
                failedStarts = 0;
                idle.add(worker);
                assignments = dispatch();
            }
            send(assignments);
        }

        @Override
        public void result(WorkerProcess worker, long id, TrialResult result) {
            Job job;
            List<Assignment> assignments;
            synchronized (WorkerPoolExecutor.this) {
                if (closed) {
                    return;
                }
                job = busy.get(worker);
                if (job == null || job.id() != id) {
                    LOG.warn("{} answered trial {}, which it was not running; skipped", worker, id);
                    return;
                }
                busy.remove(worker);
                idle.add(worker);
                assignments = dispatch();
            }
            job.future().complete(result);
            send(assignments);
        }

        @Override
        public void startFailed(WorkerProcess worker, String reason) {
            List<Completion> completions = new ArrayList<>();
            synchronized (WorkerPoolExecutor.this) {
                if (closed || !starting.remove(worker)) {
                    return;
                }
                LOG.warn("{} did not start: {}", worker, reason);
                countFailedStart(reason);
                completions.addAll(startWorker());
            }
            complete(completions);
        }

        @Override
        public void died(WorkerProcess worker, int exitStatus) {
            List<Completion> completions = new ArrayList<>();
            synchronized (WorkerPoolExecutor.this) {
                if (closed) {
                    return;
                }
                idle.remove(worker);
                Job job = busy.remove(worker);
                String trial = job == null ? "while idle" : "while running trial " + job.id();
                List<String> lastLines = worker.lastOutputLines();
                LOG.warn("{} died (exit status {}) {}{}", worker, exitStatus, trial,
                        lastLines.isEmpty() ? "" : "; its last output: " + String.join(" | ", lastLines));
                if (job != null) {
                    completions.add(new Completion(job, TrialResult.lost(
                            "worker process died (exit status " + exitStatus + ") " + trial)));
                }
                completions.addAll(startWorker());
            }
            complete(completions);
        }
    }

    /** A submitted trial: its id, its request line and the future the search waits on. */
    private record Job(long id, String line, CompletableFuture<TrialResult> future) {
    }

    private record Assignment(WorkerProcess worker, Job job) {
    }

    private record Completion(Job job, TrialResult result) {
    }

    /**
     * How to run the workers. Build with {@link #of} and adjust with the {@code with} methods.
     *
     * @param space            formats the genomes sent to the workers; the recipe's space must read them
     * @param recipe           what each worker builds, once, and evaluates its trials with; its factory
     *                         must be on {@code classpath}
     * @param workers          how many worker processes run trials at once, at least 1
     * @param threadsPerWorker the native threads each worker may use, at least 1; by default
     *                         {@link #defaultThreads the processors shared among the workers}
     * @param jvmOptions       options for the worker JVMs, for example {@code -Xmx4g} or
     *                         {@code -Dai.djl.offline=true}; they come after the thread properties, so an
     *                         explicit {@code -Dai.djl.pytorch.num_threads} here wins
     * @param classpath        the workers' class path; by default this JVM's {@code java.class.path}
     * @param java             the java binary; by default the one of this JVM ({@code java.home})
     */
    public record Settings(SearchSpace<?> space, TrialRecipe recipe, int workers, int threadsPerWorker,
                           List<String> jvmOptions, String classpath, Path java, int gpus) {

        public Settings {
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(recipe, "recipe");
            Objects.requireNonNull(classpath, "classpath");
            Objects.requireNonNull(java, "java");
            if (workers < 1) {
                throw new IllegalArgumentException("a worker pool needs at least 1 worker, got " + workers);
            }
            if (threadsPerWorker < 1) {
                throw new IllegalArgumentException("a worker needs at least 1 thread, got " + threadsPerWorker);
            }
            jvmOptions = List.copyOf(jvmOptions);
            if (gpus < 0) {
                throw new IllegalArgumentException("gpus must not be negative, got " + gpus);
            }
        }

        /** Settings whose workers see every GPU of the machine (none are assigned). */
        public Settings(SearchSpace<?> space, TrialRecipe recipe, int workers, int threadsPerWorker,
                        List<String> jvmOptions, String classpath, Path java) {
            this(space, recipe, workers, threadsPerWorker, jvmOptions, classpath, java, 0);
        }

        /** Settings with the default threads, no JVM options, this JVM's class path and java binary. */
        public static Settings of(SearchSpace<?> space, TrialRecipe recipe, int workers) {
            return new Settings(space, recipe, workers, defaultThreads(workers), List.of(),
                    System.getProperty("java.class.path"), Path.of(System.getProperty("java.home"), "bin", "java"));
        }

        /** The processors of this machine shared among the workers, at least 1 each. */
        public static int defaultThreads(int workers) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
        }

        public Settings withThreadsPerWorker(int value) {
            return new Settings(space, recipe, workers, value, jvmOptions, classpath, java, gpus);
        }

        public Settings withJvmOptions(List<String> value) {
            return new Settings(space, recipe, workers, threadsPerWorker, value, classpath, java, gpus);
        }

        public Settings withClasspath(String value) {
            return new Settings(space, recipe, workers, threadsPerWorker, jvmOptions, value, java, gpus);
        }

        public Settings withJava(Path value) {
            return new Settings(space, recipe, workers, threadsPerWorker, jvmOptions, classpath, value, gpus);
        }

        /**
         * Settings that give each worker one of {@code count} GPUs through {@code CUDA_VISIBLE_DEVICES}, in
         * turn (worker {@code n} gets GPU {@code (n - 1) mod count}, of those this process may see); 0 or 1:
         * workers see what this process sees.
         */
        public Settings withGpus(int count) {
            return new Settings(space, recipe, workers, threadsPerWorker, jvmOptions, classpath, java, count);
        }

        /** The environment variable that gives worker {@code number} its GPU; empty when none is assigned. */
        Map<String, String> gpuEnvironment(int number, String visible) {
            if (gpus < 2) {
                return Map.of();
            }
            List<String> devices = visible == null || visible.isBlank()
                    ? IntStream.range(0, gpus).mapToObj(Integer::toString).toList()
                    : List.of(visible.split(","));
            return Map.of("CUDA_VISIBLE_DEVICES", devices.get((number - 1) % Math.min(gpus, devices.size())).strip());
        }
    }
}
