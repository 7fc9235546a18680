package io.nas4j.executor.queue;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.Lease;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a search on the queue does with workers in this JVM, whichever database holds the queue. */
abstract class QueueContract {

    private static final MacroSpace SPACE = new MacroSpace();

    @TempDir
    Path folder;

    /** A URL of a new, empty store for one test. */
    abstract String newStore();

    @Test
    void everyTrialRunsOnAWorkerAndIsRecordedOnce() throws Exception {
        String url = newStore();
        Path log = folder.resolve("evaluations.log");
        ExecutorService threads = Executors.newCachedThreadPool();
        try (JdbcTrialStore first = JdbcTrialStore.open(url); JdbcTrialStore second = JdbcTrialStore.open(url)) {
            QueueWorker a = new QueueWorker(first, fastPolls().withName("a"));
            QueueWorker b = new QueueWorker(second, fastPolls().withName("b"));
            Future<QueueWorker.Summary> ranA = threads.submit(a::run);
            Future<QueueWorker.Summary> ranB = threads.submit(b::run);

            SearchResult<MacroGenome> result = search(url, CountingSumFactory.recipe(60, log), 12);
            a.stop();
            b.stop();

            assertThat(result.trials()).hasSize(12).allSatisfy(trial -> {
                assertThat(trial.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(trial.attempt()).isEqualTo(1);
                assertThat(trial.metrics().get("accuracy"))
                        .isEqualTo(CountingSumFactory.accuracy(SPACE.parse(trial.genome()).choices()));
            });
            assertThat(evaluations(log)).hasSize(12).doesNotHaveDuplicates();
            assertThat(ranA.get(10, TimeUnit.SECONDS).recorded() + ranB.get(10, TimeUnit.SECONDS).recorded()).isEqualTo(12);
            try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
                assertThat(store.workers().values()).hasSize(12)
                        .allSatisfy(worker -> assertThat(worker).matches(".*#(a|b) slot 1"))
                        .anySatisfy(worker -> assertThat(worker).endsWith("#a slot 1"))
                        .anySatisfy(worker -> assertThat(worker).endsWith("#b slot 1"));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTrialWhoseWorkerDiedRunsAgainAndTheDeadWorkersLateResultIsRefused() throws Exception {
        String url = newStore();
        Path log = folder.resolve("evaluations.log");
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CompletableFuture<SearchResult<MacroGenome>> searched = CompletableFuture.supplyAsync(
                    () -> search(url, CountingSumFactory.recipe(20, log), 6), threads);
            // a worker that claims a trial and dies: its store object stops renewing the short lease
            Lease lost;
            try (JdbcTrialStore dying = JdbcTrialStore.open(url,
                    JdbcTrialStore.Options.defaults().withLease(Duration.ofMillis(600)))) {
                lost = claimWithin(dying, Duration.ofSeconds(30));
            }
            try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
                QueueWorker survivor = new QueueWorker(store, fastPolls().withName("survivor"));
                Future<QueueWorker.Summary> ran = threads.submit(survivor::run);

                SearchResult<MacroGenome> result = searched.get(60, TimeUnit.SECONDS);
                survivor.stop();
                ran.get(10, TimeUnit.SECONDS);

                TrialRecord rerun = result.trials().get((int) lost.trialId());
                assertThat(rerun.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(rerun.attempt()).isEqualTo(2);
                assertThat(result.trials()).hasSize(6).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
                assertThat(evaluations(log)).as("the survivor ran each trial once, the lost one as attempt 2")
                        .hasSize(6).doesNotHaveDuplicates().contains(lost.trialId() + " 2");

                assertThat(store.complete(lost, TrialResult.complete(Map.of("accuracy", -1.0), 1))).isFalse();
                TrialRecord after = store.trial(lost.trialId()).orElseThrow();
                assertThat(after).isEqualTo(rerun);
                assertThat(store.workers().get(lost.trialId())).endsWith("#survivor slot 1");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aWorkerToldToStopHandsItsTrialBackForTheSameAttempt() throws Exception {
        String url = newStore();
        Path log = folder.resolve("evaluations.log");
        ExecutorService threads = Executors.newCachedThreadPool();
        try (JdbcTrialStore first = JdbcTrialStore.open(url); JdbcTrialStore second = JdbcTrialStore.open(url)) {
            CompletableFuture<SearchResult<MacroGenome>> searched = CompletableFuture.supplyAsync(
                    () -> search(url, CountingSumFactory.recipe(400, log), 3), threads);
            QueueWorker stopping = new QueueWorker(first, fastPolls().withName("stopping"));
            Future<QueueWorker.Summary> stopped = threads.submit(stopping::run);
            while (!Files.exists(log)) {
                Thread.sleep(10);
            }
            stopping.stop();
            assertThat(stopped.get(10, TimeUnit.SECONDS)).isEqualTo(new QueueWorker.Summary(0, 0, 1));

            QueueWorker next = new QueueWorker(second, fastPolls().withName("next"));
            Future<QueueWorker.Summary> ran = threads.submit(next::run);
            SearchResult<MacroGenome> result = searched.get(60, TimeUnit.SECONDS);
            next.stop();

            assertThat(ran.get(10, TimeUnit.SECONDS).recorded()).isEqualTo(3);
            assertThat(result.trials()).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(t.attempt()).as("handing back costs no attempt").isEqualTo(1);
            });
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void eachTrialReachesItsWorkerWithTheIncumbentTheSearchStartedItWith() throws Exception {
        String url = newStore();
        ExecutorService threads = Executors.newCachedThreadPool();
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            QueueWorker worker = new QueueWorker(store, fastPolls());
            Future<QueueWorker.Summary> ran = threads.submit(worker::run);

            List<TrialRecord> trials = search(url, io.nas4j.core.port.TrialRecipe.of(IncumbentEchoFactory.class, ""), 9)
                    .trials();
            worker.stop();
            ran.get(10, TimeUnit.SECONDS);

            assertThat(trials.get(0).metrics().get("incumbent")).as("the first trial starts with none").isEqualTo(-1.0);
            assertThat(trials.subList(3, trials.size())).as("trials queued after a result came back")
                    .allSatisfy(trial -> {
                        int holder = trial.metrics().get("incumbent_trial").intValue();
                        assertThat(holder).isBetween(0, (int) trial.id() - 1);
                        assertThat(trial.metrics().get("incumbent")).isEqualTo(trials.get(holder).metrics().get("accuracy"));
                        assertThat(trials.subList(0, holder + 1)).allSatisfy(earlier -> assertThat(
                                earlier.metrics().get("accuracy")).isLessThanOrEqualTo(trial.metrics().get("incumbent")));
                    });
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aWorkerGivesUpOnAStoreWhereNoSearchQueuesTrials() {
        String url = newStore();
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            QueueWorker worker = new QueueWorker(store, fastPolls().withRecipeWait(Duration.ofMillis(300)));

            assertThatThrownBy(worker::run).isInstanceOf(QueueWorker.NoSearchException.class)
                    .hasMessage("no search queues trials there (none recorded its trial recipe within 0 s); "
                            + "start one with 'nas search --executor queue'");
        }
    }

    /** A search of {@code budget} trials, three queued at once, on the store at {@code url}, as the CLI runs one. */
    static SearchResult<MacroGenome> search(String url, io.nas4j.core.port.TrialRecipe recipe, int budget) {
        try (JdbcTrialStore store = JdbcTrialStore.open(url);
             QueueTrialExecutor executor = QueueTrialExecutor.open(url, QueueTrialExecutor.Settings.of(SPACE, recipe, 3)
                     .withPolls(Duration.ofMillis(10), Duration.ofMillis(200)).withLapseCheck(Duration.ofMillis(200)))) {
            store.acquireSearch();
            return Search.builder(SPACE)
                    .strategy(new Sampler(7))
                    .estimator(trial -> {
                        throw new AssertionError("a queued search evaluates nothing itself");
                    })
                    .objective(Objective.maximize("accuracy"))
                    .budget(Budget.trials(budget))
                    .executor(executor)
                    .store(store)
                    .retryPolicy(RetryPolicy.attempts(2))
                    .tellInTrialOrder(true)
                    .build().run();
        }
    }

    static QueueWorker.Settings fastPolls() {
        return QueueWorker.Settings.defaults().withPolls(Duration.ofMillis(5), Duration.ofMillis(100));
    }

    private static Lease claimWithin(JdbcTrialStore store, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            Optional<Lease> lease = store.claimNext("dying slot 1");
            if (lease.isPresent()) {
                return lease.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no trial was queued within " + timeout);
    }

    private static List<String> evaluations(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Samples the macro space with a seed. */
    static final class Sampler implements SearchStrategy<MacroGenome> {
        private final SplittableRandom random;

        Sampler(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public List<Proposal<MacroGenome>> ask(int n) {
            List<Proposal<MacroGenome>> proposals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                proposals.add(Proposal.full(SPACE.sample(random)));
            }
            return proposals;
        }

        @Override
        public void tell(Observation<MacroGenome> observation) {
        }
    }
}
