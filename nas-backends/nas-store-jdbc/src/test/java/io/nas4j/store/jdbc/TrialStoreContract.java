package io.nas4j.store.jdbc;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.Claim;
import io.nas4j.core.port.Lease;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.Observation;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What every JDBC store does, whichever database is underneath. */
abstract class TrialStoreContract {

    /** A URL of a new, empty database for one test. */
    abstract String newDatabase();

    static TrialRecord record(long id, TrialState state) {
        Instant start = Instant.parse("2026-05-20T10:15:30.123456789Z");
        return new TrialRecord(id, (int) id, (int) id, state.finished() ? (int) id : -1, "genome-" + id, "key-" + id,
                Double.POSITIVE_INFINITY, state, state == TrialState.COMPLETE ? Map.of("accuracy", 0.1 * id + 1e-17, "params", 123456.0)
                : Map.of(), 1.5, state == TrialState.FAILED ? "IllegalStateException: diverged" : "", 1,
                List.of(0.5, 0.25), start, state.finished() ? start.plusMillis(1500) : null);
    }

    @Test
    void keepsEveryFieldOfATrialExactly() {
        try (JdbcTrialStore store = JdbcTrialStore.open(newDatabase())) {
            TrialRecord complete = record(0, TrialState.COMPLETE);
            TrialRecord failed = record(1, TrialState.FAILED);
            TrialRecord pruned = new TrialRecord(2, 2, 2, 2, "g", "k", 3, TrialState.PRUNED,
                    Map.of("accuracy", 0.5, "loss", Double.NaN), Double.NaN, "pruned at 3 epochs", 2, List.of(), null, null);
            store.insertAll(List.of(complete, failed, pruned));

            assertThat(store.trials()).containsExactly(complete, failed, pruned);
            assertThat(store.trial(1)).contains(failed);
        }
    }

    @Test
    void updatesReplaceATrialAndUnknownIdsAreRefused() {
        try (JdbcTrialStore store = JdbcTrialStore.open(newDatabase())) {
            TrialRecord running = record(0, TrialState.RUNNING);
            store.insert(running);
            TrialRecord done = running.finished(TrialState.COMPLETE, Map.of("accuracy", 93.5), 200, "", List.of(), 0,
                    Instant.now());
            store.update(done);

            assertThat(store.trials()).containsExactly(done);
            assertThatThrownBy(() -> store.insert(running)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> store.update(record(7, TrialState.RUNNING))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void aBatchIsStoredWhollyOrNotAtAll() {
        try (JdbcTrialStore store = JdbcTrialStore.open(newDatabase())) {
            store.insert(record(1, TrialState.RUNNING));
            assertThatThrownBy(() -> store.insertAll(List.of(record(0, TrialState.RUNNING), record(1, TrialState.RUNNING))))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.trials()).extracting(TrialRecord::id).containsExactly(1L);
        }
    }

    @Test
    void keepsTheSearchsAttributesAcrossReopening() {
        String url = newDatabase();
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            store.putAttribute("config", "{\"seed\": 7}");
            store.putAttribute("config", "{\"seed\": 8}");
            store.insert(record(0, TrialState.COMPLETE));
        }
        try (JdbcTrialStore store = JdbcTrialStore.open(url, JdbcTrialStore.Options.defaults().existingOnly())) {
            assertThat(store.attribute("config")).contains("{\"seed\": 8}");
            assertThat(store.attribute("seed")).isEmpty();
            assertThat(store.trials()).containsExactly(record(0, TrialState.COMPLETE));
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
        }
    }

    @Test
    void aSnapshotReadsWhatTheStoreHoldsAndANewDatabaseHasNone() {
        String url = newDatabase();
        assertThat(JdbcTrialStore.read(url)).isEmpty();
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            store.putAttribute("seed", "7");
            store.insertAll(List.of(record(0, TrialState.COMPLETE), record(1, TrialState.RUNNING)));

            var snapshot = JdbcTrialStore.read(url).orElseThrow();

            assertThat(snapshot.attributes()).containsExactly(Map.entry("seed", "7"));
            assertThat(snapshot.trials()).isEqualTo(store.trials());
        }
    }

    @Test
    void aSecondProcessCannotTakeASearchThatIsRunning() {
        String url = newDatabase();
        try (JdbcTrialStore running = JdbcTrialStore.open(url); JdbcTrialStore second = JdbcTrialStore.open(url)) {
            running.acquireSearch();
            assertThatThrownBy(second::acquireSearch).isInstanceOf(SearchBusyException.class)
                    .hasMessageContaining("is being run by process " + ProcessHandle.current().pid());
        }
        try (JdbcTrialStore after = JdbcTrialStore.open(url)) {
            assertThat(after.acquireSearch().requeued()).isZero();
        }
    }

    @Test
    void takingOverASearchRequeuesTheTrialsOfADeadProcessAndKeepsTheFinishedOnes() {
        String url = newDatabase();
        Holder dead = deadHolder();
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            store.insertAll(List.of(record(0, TrialState.COMPLETE), record(1, TrialState.FAILED), record(2, TrialState.RUNNING),
                    record(3, TrialState.RUNNING)));
            // what a process killed mid-search leaves: its lock and its trials' leases, far from expiry
            Sql.run(url, "INSERT INTO search_lock (id, holder, expires_at) VALUES (1, '" + dead.id() + "', "
                    + (System.currentTimeMillis() + 3_600_000) + ")");
            Sql.run(url, "UPDATE trials SET lease_owner = '" + dead.id() + "', lease_expires_at = "
                    + (System.currentTimeMillis() + 3_600_000) + " WHERE state = 'RUNNING'");
        }
        try (JdbcTrialStore resumed = JdbcTrialStore.open(url)) {
            Recovery recovery = resumed.acquireSearch();

            assertThat(recovery).isEqualTo(new Recovery(2, 2, 0));
            assertThat(resumed.trials()).extracting(TrialRecord::state)
                    .containsExactly(TrialState.COMPLETE, TrialState.FAILED, TrialState.QUEUED, TrialState.QUEUED);
            assertThat(resumed.trials().get(0)).isEqualTo(record(0, TrialState.COMPLETE));
        }
    }

    @Test
    void aResultIsAcceptedOnlyFromTheCurrentLeaseHolder() {
        String url = newDatabase();
        try (JdbcTrialStore coordinator = JdbcTrialStore.open(url);
             JdbcTrialStore lostWorker = JdbcTrialStore.open(url);
             JdbcTrialStore replacement = JdbcTrialStore.open(url)) {
            coordinator.acquireSearch();
            coordinator.insert(record(0, TrialState.RUNNING));
            Lease first = ((Claim.Granted) lostWorker.claim(0, 1, "task 0.0")).lease();
            Lease second = ((Claim.Granted) replacement.claim(0, 1, "task 0.1")).lease();

            assertThat(lostWorker.renew(first)).isFalse();
            assertThat(lostWorker.complete(first, TrialResult.complete(Map.of("accuracy", 1.0), 1))).isFalse();
            assertThat(replacement.complete(second, TrialResult.complete(Map.of("accuracy", 2.0), 1))).isTrue();
            assertThat(lostWorker.complete(first, TrialResult.complete(Map.of("accuracy", 3.0), 1))).isFalse();

            TrialRecord stored = coordinator.trial(0).orElseThrow();
            assertThat(stored.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(stored.metrics()).containsEntry("accuracy", 2.0);
            assertThat(coordinator.workers().get(0L)).endsWith("#task 0.1");
            assertThat(replacement.claim(0, 1, "task 0.2")).isInstanceOf(Claim.AlreadyFinished.class);
            assertThat(replacement.claim(0, 2, "task 0.2")).isInstanceOf(Claim.Superseded.class);
        }
    }

    @Test
    void anEnqueuedAttemptIsClaimedByAWorkerAndItsResultRecordedUnderItsLease() {
        String url = newDatabase();
        try (JdbcTrialStore search = JdbcTrialStore.open(url); JdbcTrialStore worker = JdbcTrialStore.open(url)) {
            search.acquireSearch();
            search.insert(record(0, TrialState.RUNNING));

            assertThat(search.enqueue(0, 2)).as("another attempt").isFalse();
            assertThat(worker.claimNext("worker slot 1")).isEmpty();
            assertThat(search.enqueue(0, 1)).isTrue();
            Lease lease = worker.claimNext("worker slot 1").orElseThrow();

            assertThat(lease.attempt()).isEqualTo(1);
            assertThat(worker.complete(lease, TrialResult.complete(Map.of("accuracy", 0.75), 2))).isTrue();
            assertThat(search.trial(0).orElseThrow().metrics()).containsEntry("accuracy", 0.75);
            assertThat(search.workers().get(0L)).endsWith("#worker slot 1");
            assertThat(search.enqueue(0, 1)).as("a finished trial").isFalse();
        }
    }

    @Test
    void aReleasedTrialIsQueuedAgainForTheSameAttemptAndItsOldLeaseIsVoid() {
        String url = newDatabase();
        try (JdbcTrialStore search = JdbcTrialStore.open(url); JdbcTrialStore worker = JdbcTrialStore.open(url)) {
            search.insert(record(0, TrialState.QUEUED));
            Lease first = worker.claimNext("stopping").orElseThrow();

            assertThat(worker.release(first)).isTrue();
            assertThat(search.trial(0).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
            Lease second = worker.claimNext("next").orElseThrow();

            assertThat(second.attempt()).isEqualTo(first.attempt());
            assertThat(second.token()).isGreaterThan(first.token());
            assertThat(worker.release(first)).isFalse();
            assertThat(worker.complete(first, TrialResult.complete(Map.of("accuracy", 1.0), 1))).isFalse();
            assertThat(worker.complete(second, TrialResult.complete(Map.of("accuracy", 2.0), 1))).isTrue();
        }
    }

    @Test
    void aLateResultFromALeaseThatLapsedIsRefused() {
        String url = newDatabase();
        // the worker's heartbeat renews every third of its 30 s lease: not within this test
        try (JdbcTrialStore search = JdbcTrialStore.open(url); JdbcTrialStore worker = JdbcTrialStore.open(url)) {
            search.insertAll(List.of(record(0, TrialState.QUEUED), record(1, TrialState.QUEUED)));
            Lease stalled = worker.claimNext("stalled").orElseThrow();
            Lease alive = worker.claimNext("alive").orElseThrow();
            // what a worker that stopped renewing leaves: a lease past its expiry (the other one is renewed)
            Sql.run(url, "UPDATE trials SET lease_expires_at = " + (System.currentTimeMillis() - 1) + " WHERE id = 0");

            List<Lease> revoked = search.revokeLapsed();

            assertThat(revoked).extracting(Lease::trialId).containsExactly(0L);
            assertThat(revoked.get(0).owner()).endsWith("#stalled");
            assertThat(search.revokeLapsed()).as("revoked once").isEmpty();
            assertThat(search.trial(0).orElseThrow().state()).isEqualTo(TrialState.RUNNING);
            assertThat(worker.renew(stalled)).isFalse();
            assertThat(worker.complete(stalled, TrialResult.complete(Map.of("accuracy", 1.0), 1))).isFalse();
            assertThat(search.trial(0).orElseThrow().metrics()).isEmpty();
            assertThat(worker.complete(alive, TrialResult.complete(Map.of("accuracy", 1.0), 1))).isTrue();
        }
    }

    @Test
    void theLeaseOfAWorkerWhoseProcessDiedOnThisHostLapsesAtOnce() {
        String url = newDatabase();
        Holder dead = deadHolder();
        try (JdbcTrialStore search = JdbcTrialStore.open(url)) {
            search.insert(record(0, TrialState.RUNNING));
            Sql.run(url, "UPDATE trials SET lease_owner = '" + dead.id() + "#worker slot 1', lease_expires_at = "
                    + (System.currentTimeMillis() + 3_600_000) + " WHERE id = 0");

            assertThat(search.revokeLapsed()).extracting(Lease::trialId, Lease::attempt).containsExactly(tuple(0L, 1));
        }
    }

    @Test
    void concurrentWorkersClaimEveryQueuedTrialExactlyOnce() throws Exception {
        String url = newDatabase();
        int trials = 60;
        try (JdbcTrialStore coordinator = JdbcTrialStore.open(url)) {
            List<TrialRecord> queued = new ArrayList<>();
            for (int id = 0; id < trials; id++) {
                TrialRecord running = record(id, TrialState.RUNNING);
                queued.add(running.withState(TrialState.QUEUED));
            }
            coordinator.insertAll(queued);
        }
        List<Long> claimed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 4; w++) {
            String label = "worker " + w;
            Thread thread = new Thread(() -> {
                try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
                    while (true) {
                        var lease = store.claimNext(label);
                        if (lease.isEmpty()) {
                            return;
                        }
                        claimed.add(lease.get().trialId());
                        assertThat(store.complete(lease.get(), TrialResult.complete(Map.of("accuracy", 1.0), 1))).isTrue();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) {
            thread.join();
        }
        assertThat(errors).isEmpty();
        assertThat(claimed).hasSize(trials);
        Set<Long> distinct = new HashSet<>(claimed);
        assertThat(distinct).hasSize(trials);
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            assertThat(store.trials()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        }
    }

    @Test
    void aSearchResumedFromTheStoreEndsAsAnUninterruptedOne() {
        MacroSpace space = new MacroSpace();
        String url = newDatabase();
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            store.acquireSearch();
            search(space, store, 10);
        }
        SearchResult<MacroGenome> resumed;
        try (JdbcTrialStore store = JdbcTrialStore.open(url, JdbcTrialStore.Options.defaults().existingOnly())) {
            store.acquireSearch();
            resumed = search(space, store, 25);
        }
        SearchResult<MacroGenome> straight = search(space, new InMemoryTrialStore(), 25);

        assertThat(resumed.trials()).extracting(TrialRecord::genome)
                .containsExactlyElementsOf(straight.trials().stream().map(TrialRecord::genome).toList());
        assertThat(resumed.trials()).extracting(TrialRecord::metrics)
                .containsExactlyElementsOf(straight.trials().stream().map(TrialRecord::metrics).toList());
        assertThat(resumed.best().orElseThrow().trial().genome()).isEqualTo(straight.best().orElseThrow().trial().genome());
    }

    private static SearchResult<MacroGenome> search(MacroSpace space, io.nas4j.core.port.TrialStore store, int budget) {
        return Search.builder(space)
                .strategy(new Sampler(space, 21))
                .estimator(trial -> TrialResult.complete(Map.of("accuracy",
                        trial.genome().choices().stream().mapToInt(Integer::intValue).sum() / 7.0), 1))
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(budget))
                .store(store)
                .build().run();
    }

    /** A process id on this host that runs nothing. */
    static Holder deadHolder() {
        Holder self = Holder.current();
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return new Holder(self.host(), pid, self.startMillis(), "dead0000");
    }

    /** Samples, and mutates the last told genome every third ask: replay must deliver tells in order. */
    static final class Sampler implements SearchStrategy<MacroGenome> {
        private final MacroSpace space;
        private final SplittableRandom random;
        private final List<MacroGenome> told = new ArrayList<>();

        Sampler(MacroSpace space, long seed) {
            this.space = space;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public List<Proposal<MacroGenome>> ask(int n) {
            List<Proposal<MacroGenome>> proposals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MacroGenome genome = !told.isEmpty() && told.size() % 3 == 0
                        ? space.mutate(told.get(told.size() - 1), random) : space.sample(random);
                proposals.add(Proposal.full(genome));
            }
            return proposals;
        }

        @Override
        public void tell(Observation<MacroGenome> observation) {
            told.add(observation.genome());
        }
    }

    static Duration shortLease() {
        return Duration.ofMillis(600);
    }
}
