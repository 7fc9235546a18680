package io.nas4j.core.search;

import io.nas4j.core.UserInputException;
import io.nas4j.core.trial.Incumbent;

import io.nas4j.core.trial.Fidelity;

import io.nas4j.core.trial.TrialState;

import io.nas4j.core.trial.TrialResult;

import io.nas4j.core.trial.Trial;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.space.SearchSpace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The search loop: asks the strategy, stores each trial before running it, runs it through the executor,
 * stores its outcome, then tells the strategy, until the budget is spent.
 *
 * <p>Failures are data: a trial whose estimator throws, returns a NaN or infinite metric or runs past
 * the trial time limit is stored as FAILED with the reason, told to the strategy, and the search goes on.
 * A trial whose machinery failed ({@link TrialResult#lost()}) runs again, attempt + 1, as long as the
 * {@link RetryPolicy} allows; only its last attempt is told.
 *
 * <p>Resume: when the store already holds trials, the strategy (created anew with the same seed) is
 * replayed through the stored ask/tell sequence, which rebuilds its state exactly; trials that were
 * running when the previous process died run again (attempt + 1), and the search continues. The trial
 * budget counts every trial of the search; the time limit counts this run.
 *
 * <p>Order: by default outcomes are told as trials finish, so with parallel trials what the strategy has
 * seen when it proposes depends on which trial finished first. {@link Builder#tellInTrialOrder} makes
 * the ask/tell sequence independent of timing.
 */
public final class Search<G extends Genome> {

    private static final System.Logger LOG = System.getLogger(Search.class.getName());

    private final SearchSpace<G> space;
    private final SearchStrategy<G> strategy;
    private final PerformanceEstimator<G> estimator;
    private final List<Objective> objectives;
    private final Budget budget;
    private final TrialExecutor executor;
    private final TrialStore store;
    private final List<SearchListener> listeners;
    private final Duration trialTimeout;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final boolean inTrialOrder;

    private Search(Builder<G> builder) {
        this.space = Objects.requireNonNull(builder.space, "space");
        this.strategy = Objects.requireNonNull(builder.strategy, "strategy");
        this.estimator = Objects.requireNonNull(builder.estimator, "estimator");
        if (builder.objectives.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one objective");
        }
        this.objectives = List.copyOf(builder.objectives);
        this.budget = Objects.requireNonNull(builder.budget, "budget");
        this.executor = builder.executor == null ? InProcessExecutor.sequential() : builder.executor;
        this.store = builder.store == null ? new InMemoryTrialStore() : builder.store;
        this.listeners = List.copyOf(builder.listeners);
        this.trialTimeout = builder.trialTimeout;
        this.retryPolicy = builder.retryPolicy;
        this.clock = builder.clock;
        this.inTrialOrder = builder.inTrialOrder;
    }

    public static <G extends Genome> Builder<G> builder(SearchSpace<G> space) {
        return new Builder<>(space);
    }

    /** Runs (or resumes) the search until its budget is spent and every started trial has finished. */
    public SearchResult<G> run() {
        Instant start = clock.instant();
        Instant deadline = start.plus(budget.maxTime());
        Progress progress = replay(store.trials());
        for (SearchListener listener : listeners) {
            notify(() -> listener.searchStarted(budget.maxTrials(), progress.nextId));
        }

        Deque<TrialRecord> rerun = new ArrayDeque<>(progress.unfinished);
        Map<Long, Running<G>> running = new LinkedHashMap<>();
        // in trial order: trials that finished while an earlier one still ran, waiting to be told
        TreeMap<Long, Finished<G>> waiting = new TreeMap<>();
        fill(running, waiting, rerun, progress, deadline);
        while (!running.isEmpty()) {
            awaitAny(running);
            List<Running<G>> done = new ArrayList<>();
            Instant now = clock.instant();
            for (Running<G> trial : running.values()) {
                if (trial.future.isDone() || timedOut(trial, now)) {
                    done.add(trial);
                }
            }
            for (Running<G> trial : done) {
                running.remove(trial.record.id());
                TrialResult result = outcome(trial, now);
                if (retryPolicy.retries(result, trial.record.attempt())) {
                    LOG.log(System.Logger.Level.WARNING, "trial {0} attempt {1} was lost ({2}); running it again",
                            trial.record.id(), trial.record.attempt(), result.reason());
                    launch(trial.record.started(clock.instant(), trial.record.attempt() + 1), running, progress);
                    continue;
                }
                if (inTrialOrder) {
                    waiting.put(trial.record.id(), new Finished<>(trial, result));
                } else {
                    finish(trial, result, progress);
                }
            }
            if (!inTrialOrder) {
                fill(running, waiting, rerun, progress, deadline);
                continue;
            }
            // tell every waiting trial no running trial precedes, one at a time, each followed by the ask it
            // makes room for: trial k is then asked after exactly the trials up to k - parallelism were told
            while (!waiting.isEmpty() && (running.isEmpty() || waiting.firstKey() < running.keySet().stream()
                    .mapToLong(Long::longValue).min().getAsLong())) {
                Finished<G> next = waiting.pollFirstEntry().getValue();
                finish(next.trial(), next.result(), progress);
                fill(running, waiting, rerun, progress, deadline);
            }
        }

        List<TrialRecord> trials = store.trials();
        SearchResult<G> result = result(trials, Duration.between(start, clock.instant()));
        for (SearchListener listener : listeners) {
            notify(() -> listener.searchFinished(result));
        }
        return result;
    }

    /**
     * Starts trials while slots are free: interrupted trials first, then new ones the strategy proposes,
     * until the budget, the deadline or the strategy says stop. A slot is free when fewer trials than the
     * executor's parallelism are running or (in trial order) waiting to be told.
     */
    private void fill(Map<Long, Running<G>> running, Map<Long, Finished<G>> waiting, Deque<TrialRecord> rerun,
                      Progress progress, Instant deadline) {
        while (running.size() + waiting.size() < executor.parallelism()) {
            if (!rerun.isEmpty()) {
                TrialRecord interrupted = rerun.poll();
                launch(interrupted.started(clock.instant(), interrupted.attempt() + 1), running, progress);
                continue;
            }
            int room = Math.min(executor.parallelism() - running.size() - waiting.size(),
                    budget.maxTrials() - progress.nextId);
            if (room <= 0 || !clock.instant().isBefore(deadline) || progress.cost >= budget.maxCost()
                    || strategy.exhausted()) {
                return;
            }
            List<Proposal<G>> proposals = strategy.ask(room);
            if (proposals.isEmpty()) {
                return;
            }
            List<TrialRecord> batch = new ArrayList<>();
            for (Proposal<G> proposal : proposals.subList(0, Math.min(room, proposals.size()))) {
                G genome = proposal.genome();
                TrialRecord record = new TrialRecord(progress.nextId++, progress.batch, progress.tells, -1,
                        space.format(genome), space.key(genome), proposal.fidelity().resource(),
                        TrialState.QUEUED, Map.of(), 0, "", 0, List.of(), null, null);
                batch.add(record.started(clock.instant(), 1));
            }
            // one ask's trials are stored together, so a resume never finds half a batch
            store.insertAll(batch);
            for (TrialRecord record : batch) {
                start(record, running, progress);
            }
            progress.batch++;
        }
    }

    /** Stores a trial that runs again (after a resume or a lost attempt), then starts it. */
    private void launch(TrialRecord record, Map<Long, Running<G>> running, Progress progress) {
        store.update(record);
        start(record, running, progress);
    }

    /** Starts a stored trial; it carries the best result at its fidelity so far as its incumbent. */
    private void start(TrialRecord record, Map<Long, Running<G>> running, Progress progress) {
        G genome = space.parse(record.genome());
        Trial<G> trial = new Trial<>(record.id(), genome, new Fidelity(record.fidelity()), record.attempt());
        TrialRecord best = progress.bestAtFidelity.get(record.fidelity());
        if (best != null) {
            trial = trial.withIncumbent(new Incumbent(objectives.get(0).metric(),
                    objectives.get(0).value(best.metrics()), best.id()));
        }
        for (SearchListener listener : listeners) {
            notify(() -> listener.trialStarted(record));
        }
        running.put(record.id(), new Running<>(record, trial, executor.submit(trial, estimator)));
    }

    private void awaitAny(Map<Long, Running<G>> running) {
        CompletableFuture<?>[] futures = running.values().stream().map(r -> r.future).toArray(CompletableFuture[]::new);
        try {
            if (trialTimeout == null) {
                CompletableFuture.anyOf(futures).get();
            } else {
                CompletableFuture.anyOf(futures).get(Math.max(1, untilFirstTimeout(running)), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            // a trial ran out of time; the caller fails it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the search was interrupted", e);
        } catch (ExecutionException e) {
            // executors complete with FAILED results; an exceptional future is reported by outcome()
        }
    }

    private long untilFirstTimeout(Map<Long, Running<G>> running) {
        Instant now = clock.instant();
        return running.values().stream()
                .mapToLong(r -> Duration.between(now, r.record.startedAt().plus(trialTimeout)).toMillis())
                .min().orElse(1);
    }

    private boolean timedOut(Running<G> trial, Instant now) {
        return trialTimeout != null && !now.isBefore(trial.record.startedAt().plus(trialTimeout));
    }

    private TrialResult outcome(Running<G> trial, Instant now) {
        if (!trial.future.isDone()) {
            trial.future.cancel(true);
            return TrialResult.failed("exceeded the trial time limit of " + trialTimeout.toSeconds() + " s");
        }
        TrialResult result;
        try {
            result = trial.future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return TrialResult.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrialResult.failed("interrupted");
        } catch (java.util.concurrent.CancellationException e) {
            return TrialResult.failed("cancelled");
        }
        if (result.state() == TrialState.COMPLETE) {
            for (Map.Entry<String, Double> metric : result.metrics().entrySet()) {
                if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
                    return TrialResult.failed("metric " + metric.getKey() + " is " + metric.getValue());
                }
            }
        }
        return result;
    }

    private void finish(Running<G> trial, TrialResult result, Progress progress) {
        TrialRecord stored = trial.record.finished(result.state(), result.metrics(), result.cost(), result.reason(),
                result.curve(), progress.tells, clock.instant());
        store.update(stored);
        progress.tells++;
        progress.cost += result.cost();
        tell(stored, trial.trial.genome());
        if (stored.state() == TrialState.COMPLETE && better(stored, progress.incumbent)) {
            progress.incumbent = stored;
        }
        progress.recordAtFidelity(stored, objectives.get(0));
        TrialRecord incumbent = progress.incumbent;
        for (SearchListener listener : listeners) {
            notify(() -> listener.trialFinished(stored, incumbent));
        }
    }

    /**
     * Tells the strategy an outcome. It sees only the objectives' metrics: estimators may also report
     * held-out numbers (a benchmark's test accuracy) that a strategy must never learn from.
     */
    private void tell(TrialRecord record, G genome) {
        Map<String, Double> visible = new LinkedHashMap<>();
        for (Objective objective : objectives) {
            Double value = record.metrics().get(objective.metric());
            if (value != null) {
                visible.put(objective.metric(), value);
            }
        }
        strategy.tell(new Observation<>(record.id(), genome, new Fidelity(record.fidelity()), record.state(),
                visible, record.cost()));
    }

    /**
     * Checks that {@code history}, a store's trials in id order, can be the history of one search as this loop
     * writes it: trials numbered from 0 without gaps, in batches that never go back, only finished trials told,
     * each tell index used once and each trial asked after tells that are stored. A store changed by hand can
     * break this; resuming from it would fail deep in the replay.
     *
     * @throws UserInputException naming the first trial that breaks it and how
     */
    public static void checkHistory(List<TrialRecord> history) {
        Objects.requireNonNull(history, "history");
        long told = history.stream().filter(r -> r.tellIndex() >= 0).count();
        Set<Integer> tellIndices = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            TrialRecord record = history.get(i);
            if (record.id() != i) {
                throw new UserInputException("trial " + record.id() + " is stored where trial " + i + " belongs; the trials "
                        + "of a search are numbered from 0 without gaps");
            }
            if (i > 0 && record.batch() < history.get(i - 1).batch()) {
                throw new UserInputException("trial " + i + " is in batch " + record.batch() + ", before trial " + (i - 1)
                        + "'s batch " + history.get(i - 1).batch() + "; batches are asked in order");
            }
            if (record.tellIndex() >= 0 && !record.state().finished()) {
                throw new UserInputException("trial " + i + " is " + record.state() + " but was told to the strategy (tell index "
                        + record.tellIndex() + "); only a finished trial is told");
            }
            if (record.tellIndex() < -1 || record.tellIndex() >= told
                    || record.tellIndex() >= 0 && !tellIndices.add(record.tellIndex())) {
                throw new UserInputException("trial " + i + " has tell index " + record.tellIndex() + ", but the " + told
                        + " told trials must have the tell indices 0 to " + (told - 1) + ", each once (-1: not told)");
            }
            if (record.askedAfterTells() < 0 || record.askedAfterTells() > told) {
                throw new UserInputException("trial " + i + " was asked after " + record.askedAfterTells() + " tells, but "
                        + told + " trials were told");
            }
        }
    }

    /** Rebuilds the strategy's state from stored trials by repeating their ask/tell sequence. */
    private Progress replay(List<TrialRecord> history) {
        Progress progress = new Progress();
        if (history.isEmpty()) {
            return progress;
        }
        checkHistory(history);
        List<TrialRecord> told = history.stream().filter(r -> r.tellIndex() >= 0)
                .sorted(Comparator.comparingInt(TrialRecord::tellIndex)).toList();
        int delivered = 0;
        int index = 0;
        while (index < history.size()) {
            TrialRecord first = history.get(index);
            int end = index;
            while (end < history.size() && history.get(end).batch() == first.batch()) {
                end++;
            }
            while (delivered < first.askedAfterTells()) {
                TrialRecord record = told.get(delivered++);
                tell(record, stored(record));
            }
            List<Proposal<G>> proposals = strategy.ask(end - index);
            for (int i = index; i < end; i++) {
                TrialRecord record = history.get(i);
                Proposal<G> proposal = i - index < proposals.size() ? proposals.get(i - index) : null;
                if (record.id() != i || proposal == null || !space.format(proposal.genome()).equals(record.genome())
                        || proposal.fidelity().resource() != record.fidelity()) {
                    throw new UserInputException("the stored search does not replay with this strategy and seed: trial "
                            + record.id() + " was " + record.genome() + " but the strategy now proposes "
                            + (proposal == null ? "nothing" : space.format(proposal.genome()))
                            + "; the store was changed, or written by another version of the strategy");
                }
            }
            index = end;
        }
        while (delivered < told.size()) {
            TrialRecord record = told.get(delivered++);
            tell(record, stored(record));
        }
        progress.nextId = history.size();
        progress.batch = history.get(history.size() - 1).batch() + 1;
        progress.tells = told.size();
        for (TrialRecord record : history) {
            if (record.state().finished()) {
                progress.cost += record.cost();
                if (record.state() == TrialState.COMPLETE && better(record, progress.incumbent)) {
                    progress.incumbent = record;
                }
                progress.recordAtFidelity(record, objectives.get(0));
            } else {
                progress.unfinished.add(record);
            }
        }
        LOG.log(System.Logger.Level.INFO, "resumed {0} trials ({1} to run again)", history.size(),
                progress.unfinished.size());
        return progress;
    }

    /** The genome of a stored trial, which a store changed by hand may hold in a form the space cannot read. */
    private G stored(TrialRecord record) {
        try {
            return space.parse(record.genome());
        } catch (IllegalArgumentException e) {
            throw new UserInputException("trial " + record.id() + " holds the genome " + record.genome()
                    + ", which is not one of space " + space.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The incumbent is the best primary score among trials of the highest fidelity evaluated: a cheap
     * low-fidelity estimate never displaces a full evaluation, whatever its number says.
     */
    private boolean better(TrialRecord candidate, TrialRecord incumbent) {
        if (incumbent == null) {
            return true;
        }
        if (candidate.fidelity() != incumbent.fidelity()) {
            return candidate.fidelity() > incumbent.fidelity();
        }
        Objective primary = objectives.get(0);
        return primary.score(candidate.metrics()) > primary.score(incumbent.metrics());
    }

    private SearchResult<G> result(List<TrialRecord> trials, Duration elapsed) {
        List<TrialRecord> evaluated = trials.stream().filter(t -> t.state() == TrialState.COMPLETE
                && objectives.stream().noneMatch(o -> Double.isNaN(o.value(t.metrics())))).toList();
        double topFidelity = evaluated.stream().mapToDouble(TrialRecord::fidelity).max().orElse(0);
        List<TrialRecord> complete = evaluated.stream().filter(t -> t.fidelity() == topFidelity).toList();
        TrialRecord best = null;
        for (TrialRecord trial : complete) {
            if (better(trial, best)) {
                best = trial;
            }
        }
        List<double[]> scores = complete.stream()
                .map(t -> objectives.stream().mapToDouble(o -> o.score(t.metrics())).toArray()).toList();
        List<TrialRecord> pareto = Pareto.front(scores).stream().map(complete::get).toList();
        Optional<SearchResult.Best<G>> incumbent = best == null ? Optional.empty()
                : Optional.of(new SearchResult.Best<>(best, space.parse(best.genome())));
        return new SearchResult<>(objectives, trials, incumbent, pareto, elapsed);
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a search listener failed", e);
        }
    }

    private static final class Progress {
        int nextId;
        int batch;
        int tells;
        double cost;
        TrialRecord incumbent;
        final List<TrialRecord> unfinished = new ArrayList<>();
        // the best completed trial of each fidelity by the primary objective: the incumbent a trial carries
        final Map<Double, TrialRecord> bestAtFidelity = new java.util.HashMap<>();

        void recordAtFidelity(TrialRecord record, Objective primary) {
            if (record.state() != TrialState.COMPLETE || !Double.isFinite(primary.value(record.metrics()))) {
                return;
            }
            TrialRecord best = bestAtFidelity.get(record.fidelity());
            if (best == null || primary.score(record.metrics()) > primary.score(best.metrics())) {
                bestAtFidelity.put(record.fidelity(), record);
            }
        }
    }

    private record Running<G extends Genome>(TrialRecord record, Trial<G> trial, CompletableFuture<TrialResult> future) {
    }

    /** A trial that has finished and waits for the trials before it to be told first. */
    private record Finished<G extends Genome>(Running<G> trial, TrialResult result) {
    }

    /** Assembles a search; space, strategy, estimator, objectives and budget are required. */
    public static final class Builder<G extends Genome> {
        private final SearchSpace<G> space;
        private SearchStrategy<G> strategy;
        private PerformanceEstimator<G> estimator;
        private final List<Objective> objectives = new ArrayList<>();
        private Budget budget;
        private TrialExecutor executor;
        private TrialStore store;
        private final List<SearchListener> listeners = new ArrayList<>();
        private Duration trialTimeout;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private Clock clock = Clock.systemUTC();
        private boolean inTrialOrder;

        private Builder(SearchSpace<G> space) {
            this.space = space;
        }

        public Builder<G> strategy(SearchStrategy<G> value) {
            this.strategy = value;
            return this;
        }

        public Builder<G> estimator(PerformanceEstimator<G> value) {
            this.estimator = value;
            return this;
        }

        public Builder<G> objective(Objective value) {
            this.objectives.add(value);
            return this;
        }

        public Builder<G> objectives(List<Objective> values) {
            this.objectives.addAll(values);
            return this;
        }

        public Builder<G> budget(Budget value) {
            this.budget = value;
            return this;
        }

        public Builder<G> executor(TrialExecutor value) {
            this.executor = value;
            return this;
        }

        public Builder<G> store(TrialStore value) {
            this.store = value;
            return this;
        }

        public Builder<G> listener(SearchListener value) {
            this.listeners.add(value);
            return this;
        }

        /** Fails a trial that runs longer than this; none by default. */
        public Builder<G> trialTimeout(Duration value) {
            this.trialTimeout = value;
            return this;
        }

        /** How often a lost trial (its worker died) runs again; never by default. */
        public Builder<G> retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /**
         * With {@code true}, outcomes are told in trial order and trial {@code k} is asked only once trials
         * {@code 1 .. k - parallelism} have been told (and no later one): the strategy then sees the same
         * sequence of asks and tells however long each trial takes, so parallel trials that are each
         * deterministic give the same search with the same seed. The price: a slot whose trial finished
         * early stays idle until the trials before it finish. Off by default (outcomes are told as they
         * come, every slot is refilled at once).
         */
        public Builder<G> tellInTrialOrder(boolean value) {
            this.inTrialOrder = value;
            return this;
        }

        public Builder<G> clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Search<G> build() {
            return new Search<>(this);
        }
    }
}
