package io.nas4j.executor.queue;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.Lease;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.trial.Trial;
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
import java.util.concurrent.CompletableFuture;

/**
 * Runs trials through a queue in the shared trial store, for workers this executor does not start
 * ({@link QueueWorker}, {@code nas worker}) on this host or any other: Optuna's RDB model.
 *
 * <p><b>How a trial moves.</b> The search stores a trial as RUNNING (under its own lease) before it
 * submits it; {@link #submit} {@linkplain TrialLeases#enqueue queues} that attempt (QUEUED) and returns. A
 * worker {@linkplain TrialLeases#claimNext claims} it (RUNNING under the worker's lease, its fencing token
 * grown), evaluates it with the evaluation of the {@link TrialRecipe}, which this executor records once in
 * the store's attributes ({@link StoredRecipe}), and writes the result under its lease. One daemon thread
 * here polls the store, with a backoff from {@link Settings#minPoll()} to {@link Settings#maxPoll()} while
 * nothing changes, reads each waiting trial back and completes its future with the stored result: the store,
 * not the worker, is the record.
 *
 * <p><b>Workers that die.</b> A worker renews its leases while it trains; one that dies stops. At most every
 * {@link Settings#lapseCheck()} this executor {@linkplain TrialLeases#revokeLapsed revokes} the lapsed
 * leases (expired, or held by a dead process of this host, which is noticed at once) and completes their
 * trials as {@linkplain TrialResult#lost() lost}: the search's retry policy then stores the next attempt and
 * submits it, which queues it again, and a late result from the dead worker is refused by the fencing token.
 * A worker that stops cleanly {@linkplain TrialLeases#release hands its trial back} to the queue, for the
 * same attempt, and this executor simply goes on waiting.
 *
 * <p><b>Threads and closing.</b> {@link #submit} may be called from any thread. At most
 * {@link Settings#parallelism()} trials wait in the queue at once (the search submits no more); how many run
 * at once is up to the workers. A cancelled future (the search's trial time limit) is no longer waited for.
 * {@link #close()} stops polling and completes what is still waiting as FAILED ("the executor was closed");
 * those trials stay queued in the store, where a resumed search runs them again as a new attempt.
 *
 * <p>This is a remote executor in the sense of {@link TrialExecutor}: the estimator given to {@link #submit}
 * is not used. Each trial reaches its worker with the incumbent the search started it with
 * ({@link StoredIncumbents}), so estimators that stop early against it do so on the queue too.
 */
public final class QueueTrialExecutor implements TrialExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(QueueTrialExecutor.class);

    /**
     * What to queue and how to wait.
     *
     * @param space       formats the genomes the search submits; the recipe's space must read them back
     * @param recipe      what the workers build once and evaluate the trials with
     * @param parallelism trials queued at once
     * @param minPoll     the first pause between looks at the store after a change
     * @param maxPoll     the longest pause, reached by doubling while nothing changes
     * @param lapseCheck  how often to look for workers whose lease lapsed
     */
    public record Settings(SearchSpace<?> space, TrialRecipe recipe, int parallelism, Duration minPoll,
                           Duration maxPoll, Duration lapseCheck) {
        public Settings {
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(recipe, "recipe");
            Objects.requireNonNull(minPoll, "minPoll");
            Objects.requireNonNull(maxPoll, "maxPoll");
            Objects.requireNonNull(lapseCheck, "lapseCheck");
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            if (minPoll.toMillis() < 1 || maxPoll.compareTo(minPoll) < 0) {
                throw new IllegalArgumentException("polls must last at least 1 ms and maxPoll at least minPoll, got "
                        + minPoll + " and " + maxPoll);
            }
        }

        /** Polls from 50 ms to 1 s, a look for lapsed leases every second. */
        public static Settings of(SearchSpace<?> space, TrialRecipe recipe, int parallelism) {
            return new Settings(space, recipe, parallelism, Duration.ofMillis(50), Duration.ofSeconds(1),
                    Duration.ofSeconds(1));
        }

        public Settings withPolls(Duration min, Duration max) {
            return new Settings(space, recipe, parallelism, min, max, lapseCheck);
        }

        public Settings withLapseCheck(Duration value) {
            return new Settings(space, recipe, parallelism, minPoll, maxPoll, value);
        }
    }

    private final Settings settings;
    private final TrialLeases store;
    private final boolean ownsStore;
    private final Thread poller;

    // guarded by this
    private final Map<Long, Waiting> waiting = new LinkedHashMap<>();
    private boolean closed;
    private boolean changed;

    /**
     * Queues trials in {@code store}, which stays the caller's to close; records the recipe there at once.
     */
    public QueueTrialExecutor(TrialLeases store, Settings settings) {
        this(store, settings, false);
    }

    private QueueTrialExecutor(TrialLeases store, Settings settings, boolean ownsStore) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.ownsStore = ownsStore;
        StoredRecipe.write(store, settings.recipe());
        this.poller = new Thread(this::pollUntilClosed, "nas4j-queue-poller");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Opens the store at {@code url} through {@link TrialStores#openLeases} (a store module must be on the
     * class path) and queues trials there; {@link #close()} closes it.
     *
     * @throws IllegalArgumentException naming the field {@code store} when no store module opens the URL, or
     *                                  its stores lease no trials
     */
    public static QueueTrialExecutor open(String url, Settings settings) {
        TrialLeases store = TrialStores.openLeases(url);
        try {
            return new QueueTrialExecutor(store, settings, true);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    /**
     * Queues the trial's attempt in the store and returns at once.
     *
     * @param estimator not used: the workers evaluate with the settings' recipe
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public <G extends Genome> CompletableFuture<TrialResult> submit(Trial<G> trial, PerformanceEstimator<G> estimator) {
        Objects.requireNonNull(trial, "trial");
        settings.space().formatAny(trial.genome());
        CompletableFuture<TrialResult> future = new CompletableFuture<>();
        Waiting entry = new Waiting(trial.id(), trial.attempt(), future);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the queue executor is closed");
            }
            waiting.put(trial.id(), entry);
        }
        future.whenComplete((result, error) -> {
            if (future.isCancelled()) {
                forget(entry);
            }
        });
        try {
            StoredIncumbents.write(store, trial.id(), trial.incumbent());
            if (!store.enqueue(trial.id(), trial.attempt())) {
                finish(entry, TrialResult.lost("trial " + trial.id() + " attempt " + trial.attempt()
                        + " could not be queued: the store holds another attempt or a result"));
            }
        } catch (RuntimeException e) {
            finish(entry, TrialResult.lost("trial " + trial.id() + " could not be queued: " + e.getMessage()));
        }
        synchronized (this) {
            changed = true;
            notifyAll();
        }
        return future;
    }

    private void pollUntilClosed() {
        long pause = settings.minPoll().toMillis();
        long nextLapseCheck = System.currentTimeMillis() + settings.lapseCheck().toMillis();
        while (true) {
            List<Waiting> looking;
            synchronized (this) {
                try {
                    if (!changed && !closed) {
                        wait(pause);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                if (changed) {
                    pause = settings.minPoll().toMillis();
                    changed = false;
                }
                looking = new ArrayList<>(waiting.values());
            }
            if (looking.isEmpty()) {
                continue;
            }
            boolean progress = false;
            try {
                if (System.currentTimeMillis() >= nextLapseCheck) {
                    progress |= revokeLapsed();
                    nextLapseCheck = System.currentTimeMillis() + settings.lapseCheck().toMillis();
                }
                for (Waiting entry : looking) {
                    progress |= look(entry);
                }
            } catch (RuntimeException e) {
                if (isClosed()) {
                    return;
                }
                LOG.warn("could not read the queued trials: {}", e.getMessage());
            }
            pause = progress ? settings.minPoll().toMillis() : Math.min(pause * 2, settings.maxPoll().toMillis());
        }
    }

    /** Fails the waiting trials whose worker's lease lapsed, as lost: the retry policy decides what follows. */
    private boolean revokeLapsed() {
        boolean any = false;
        for (Lease lease : store.revokeLapsed()) {
            Waiting entry;
            synchronized (this) {
                entry = waiting.get(lease.trialId());
            }
            if (entry != null && entry.attempt() == lease.attempt()) {
                finish(entry, TrialResult.lost("the worker " + worker(lease.owner()) + " running trial " + lease.trialId()
                        + " attempt " + lease.attempt() + " stopped renewing its lease (it died or lost the store)"));
                any = true;
            }
        }
        return any;
    }

    /** Completes the trial's future when its attempt's result is stored. */
    private boolean look(Waiting entry) {
        if (entry.future().isDone()) {
            return false;
        }
        Optional<TrialRecord> stored = store.trial(entry.trialId());
        if (stored.isEmpty()) {
            return finish(entry, TrialResult.lost("trial " + entry.trialId() + " is no longer in the store"));
        }
        TrialRecord record = stored.get();
        if (record.attempt() != entry.attempt()) {
            return finish(entry, TrialResult.lost("trial " + entry.trialId() + " moved to attempt " + record.attempt()
                    + " while attempt " + entry.attempt() + " was queued"));
        }
        if (!record.state().finished()) {
            return false;
        }
        return finish(entry, new TrialResult(record.state(), record.metrics(), record.cost(), record.reason(),
                record.curve()));
    }

    private boolean finish(Waiting entry, TrialResult result) {
        forget(entry);
        return entry.future().complete(result);
    }

    private synchronized void forget(Waiting entry) {
        waiting.remove(entry.trialId(), entry);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** The worker's part of a lease owner ({@code host/pid/start/nonce#label}): its host, process and label. */
    static String worker(String owner) {
        String[] parts = owner.split("#", 2)[0].split("/", -1);
        String label = owner.contains("#") ? " (" + owner.substring(owner.indexOf('#') + 1) + ")" : "";
        return parts.length == 4 ? "process " + parts[1] + " on " + parts[0] + label : owner;
    }

    @Override
    public void close() {
        List<Waiting> left;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            left = new ArrayList<>(waiting.values());
            waiting.clear();
            notifyAll();
        }
        TrialResult result = TrialResult.failed("the executor was closed before the trial finished");
        left.forEach(entry -> entry.future().complete(result));
        try {
            poller.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsStore) {
            store.close();
        }
    }

    private record Waiting(long trialId, int attempt, CompletableFuture<TrialResult> future) {
    }
}
