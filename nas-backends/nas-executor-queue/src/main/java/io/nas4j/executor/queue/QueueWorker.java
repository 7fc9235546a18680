package io.nas4j.executor.queue;

import io.nas4j.core.port.Lease;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the trials a queued search ({@link QueueTrialExecutor}) offers in a shared store, on any host that
 * reaches the store: {@code nas worker}. It waits for the search's {@link TrialRecipe} ({@link StoredRecipe}),
 * builds its evaluation once, then each of its {@link Settings#slots()} threads claims the QUEUED trial with
 * the lowest id ({@link TrialLeases#claimNext}), evaluates it and writes the result under its lease. The store
 * renews the leases this worker holds while it trains; a result the store refuses (the lease was revoked, the
 * trial moved to another attempt) is dropped, since someone else now runs that trial.
 *
 * <p><b>Stopping.</b> {@link #stop()} (a SIGTERM through the command's shutdown hook) ends the claims and hands
 * every running trial back to the queue for the same attempt ({@link TrialLeases#release}), so another worker
 * runs it without losing an attempt; the evaluation still in progress is abandoned and its result dropped.
 * A worker also stops by itself after {@link Settings#idleExit()} without any trial to run.
 *
 * <p><b>Threads.</b> The slots share one evaluation, so its estimator must allow calls from several threads
 * (the training backends serialise what their engine cannot do concurrently). The store object must be safe
 * for use from several threads (the JDBC store serialises its calls). The store stays the caller's to close.
 */
public final class QueueWorker {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

    /**
     * How the worker runs.
     *
     * @param slots      trials evaluated at once, one thread each
     * @param name       names the worker in the store's records: {@code NAME slot K}
     * @param idleExit   stop after this long without a trial to run; {@link Duration#ZERO} never
     * @param recipeWait how long to wait for a search to record its recipe before giving up
     * @param minPoll    the first pause between claims that find nothing
     * @param maxPoll    the longest such pause, reached by doubling
     */
    public record Settings(int slots, String name, Duration idleExit, Duration recipeWait, Duration minPoll,
                           Duration maxPoll) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(idleExit, "idleExit");
            Objects.requireNonNull(recipeWait, "recipeWait");
            Objects.requireNonNull(minPoll, "minPoll");
            Objects.requireNonNull(maxPoll, "maxPoll");
            if (slots < 1) {
                throw new IllegalArgumentException("a worker needs at least 1 slot, got " + slots);
            }
            if (name.isBlank() || name.contains("#")) {
                throw new IllegalArgumentException("a worker's name must not be blank or hold '#', got '" + name + "'");
            }
            if (minPoll.toMillis() < 1 || maxPoll.compareTo(minPoll) < 0) {
                throw new IllegalArgumentException("polls must last at least 1 ms and maxPoll at least minPoll, got "
                        + minPoll + " and " + maxPoll);
            }
        }

        /** One slot named {@code worker}, never idle-exiting, waiting a minute for a recipe, polls of 50 ms to 1 s. */
        public static Settings defaults() {
            return new Settings(1, "worker", Duration.ZERO, Duration.ofMinutes(1), Duration.ofMillis(50),
                    Duration.ofSeconds(1));
        }

        public Settings withSlots(int value) {
            return new Settings(value, name, idleExit, recipeWait, minPoll, maxPoll);
        }

        public Settings withName(String value) {
            return new Settings(slots, value, idleExit, recipeWait, minPoll, maxPoll);
        }

        public Settings withIdleExit(Duration value) {
            return new Settings(slots, name, value, recipeWait, minPoll, maxPoll);
        }

        public Settings withRecipeWait(Duration value) {
            return new Settings(slots, name, idleExit, value, minPoll, maxPoll);
        }

        public Settings withPolls(Duration min, Duration max) {
            return new Settings(slots, name, idleExit, recipeWait, min, max);
        }
    }

    /**
     * What a worker did.
     *
     * @param recorded trials whose result the store accepted
     * @param refused  results the store refused (the lease had been revoked or taken over)
     * @param released trials handed back unfinished when the worker stopped
     */
    public record Summary(int recorded, int refused, int released) {
    }

    /** No search recorded a recipe in the store within {@link Settings#recipeWait()}. */
    public static final class NoSearchException extends Exception {
        private static final long serialVersionUID = 1L;

        NoSearchException(String message) {
            super(message);
        }
    }

    private final TrialLeases store;
    private final Settings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();

    // guarded by this
    private final Map<Integer, Lease> running = new LinkedHashMap<>();
    private boolean stopping;
    private long idleSince = System.currentTimeMillis();

    public QueueWorker(TrialLeases store, Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Waits for the search's recipe, builds it, and runs trials until {@link #stop()} or the idle limit.
     *
     * @throws NoSearchException when no recipe appears in time
     * @throws Exception         what building the recipe throws ({@link TrialRecipe#build}): this host cannot
     *                           run the search's trials
     */
    public Summary run() throws Exception {
        TrialRecipe recipe = awaitRecipe();
        if (recipe == null) {
            return summary();
        }
        TrialRecipe.Evaluation<?> evaluation = recipe.build();
        LOG.info("worker {} ready with {} slots", settings.name(), settings.slots());
        synchronized (this) {
            idleSince = System.currentTimeMillis();
        }
        List<Thread> slots = new ArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        for (int slot = 1; slot <= settings.slots(); slot++) {
            int number = slot;
            Thread thread = new Thread(() -> {
                try {
                    runSlot(number, evaluation);
                } catch (RuntimeException e) {
                    if (!isStopping()) {
                        LOG.error("slot {} of worker {} failed: {}", number, settings.name(), e.getMessage(), e);
                    }
                } finally {
                    if (ended.incrementAndGet() == settings.slots()) {
                        stopped.countDown();
                    }
                }
            }, "nas4j-worker-slot-" + slot);
            thread.setDaemon(true);
            slots.add(thread);
        }
        slots.forEach(Thread::start);
        stopped.await();
        return summary();
    }

    /**
     * Stops claiming and hands the running trials back to the queue, unfinished; {@link #run()} then returns
     * without waiting for the evaluations in progress, whose results are dropped.
     */
    public void stop() {
        List<Lease> handBack;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            handBack = new ArrayList<>(running.values());
            running.clear();
            notifyAll();
        }
        for (Lease lease : handBack) {
            try {
                if (store.release(lease)) {
                    released.incrementAndGet();
                    LOG.info("handed trial {} attempt {} back to the queue", lease.trialId(), lease.attempt());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not hand trial {} back (its lease will lapse): {}", lease.trialId(), e.getMessage());
            }
        }
        stopped.countDown();
    }

    private TrialRecipe awaitRecipe() throws NoSearchException, InterruptedException {
        long deadline = System.currentTimeMillis() + settings.recipeWait().toMillis();
        long pause = settings.minPoll().toMillis();
        while (true) {
            Optional<TrialRecipe> recipe = StoredRecipe.read(store);
            if (recipe.isPresent()) {
                return recipe.get();
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new NoSearchException("no search queues trials there (none recorded its trial recipe within "
                        + settings.recipeWait().toSeconds() + " s); start one with 'nas search --executor queue'");
            }
            if (pauseUnlessStopping(Math.min(pause, Math.max(1, deadline - System.currentTimeMillis())))) {
                return null;
            }
            pause = Math.min(pause * 2, settings.maxPoll().toMillis());
        }
    }

    private void runSlot(int slot, TrialRecipe.Evaluation<?> evaluation) {
        String label = settings.name() + " slot " + slot;
        long pause = settings.minPoll().toMillis();
        while (!isStopping()) {
            Optional<Lease> claimed = store.claimNext(label);
            if (claimed.isEmpty()) {
                if (idleTooLong()) {
                    LOG.info("worker {} stops: no trial to run for {} s", settings.name(), settings.idleExit().toSeconds());
                    stop();
                    return;
                }
                try {
                    if (pauseUnlessStopping(pause)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                pause = Math.min(pause * 2, settings.maxPoll().toMillis());
                continue;
            }
            pause = settings.minPoll().toMillis();
            Lease lease = claimed.get();
            if (!hold(slot, lease)) {
                store.release(lease);
                return;
            }
            TrialResult result = evaluate(evaluation, lease);
            if (!letGo(slot, lease)) {
                return;  // stopped meanwhile: the trial was handed back, its result is not ours to write
            }
            if (store.complete(lease, result)) {
                recorded.incrementAndGet();
                LOG.info("trial {} attempt {}: {} ({})", lease.trialId(), lease.attempt(), result.state(), label);
            } else {
                refused.incrementAndGet();
            }
        }
    }

    private TrialResult evaluate(TrialRecipe.Evaluation<?> evaluation, Lease lease) {
        Optional<TrialRecord> record = store.trial(lease.trialId());
        if (record.isEmpty()) {
            return TrialResult.failed("trial " + lease.trialId() + " is no longer in the store");
        }
        try {
            return evaluation.evaluate(lease.trialId(), record.get().genome(), new Fidelity(record.get().fidelity()),
                    lease.attempt(), StoredIncumbents.read(store, lease.trialId()));
        } catch (OutOfMemoryError e) {
            return TrialResult.failed("out of memory: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrialResult.lost("interrupted");
        } catch (Exception | LinkageError | AssertionError e) {
            return TrialResult.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private synchronized boolean hold(int slot, Lease lease) {
        if (stopping) {
            return false;
        }
        running.put(slot, lease);
        return true;
    }

    private synchronized boolean letGo(int slot, Lease lease) {
        idleSince = System.currentTimeMillis();
        return running.remove(slot, lease);
    }

    private synchronized boolean idleTooLong() {
        return !settings.idleExit().isZero() && running.isEmpty()
                && System.currentTimeMillis() - idleSince >= settings.idleExit().toMillis();
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    /** Pauses, returning early (true) when the worker is told to stop. */
    private synchronized boolean pauseUnlessStopping(long millis) throws InterruptedException {
        if (!stopping) {
            wait(millis);
        }
        return stopping;
    }

    private Summary summary() {
        return new Summary(recorded.get(), refused.get(), released.get());
    }

    /** Waits up to {@code timeout} for the worker to stop; true when it has. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
