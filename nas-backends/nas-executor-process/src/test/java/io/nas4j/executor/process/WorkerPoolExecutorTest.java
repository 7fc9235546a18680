package io.nas4j.executor.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.strategies.random.RandomSearchProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120)
class WorkerPoolExecutorTest {

    /** Options that make a worker JVM start faster; the trials here are too short for the full JIT. */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");

    private static final PerformanceEstimator<MacroGenome> UNUSED = trial -> {
        throw new UnsupportedOperationException("trials run in the workers");
    };

    private final MacroSpace space = new MacroSpace();

    @TempDir
    Path markers;

    @Test
    void manyTrialsComeBackCorrectFromTwoWorkersInParallel() throws Exception {
        try (WorkerPoolExecutor pool = pool(2, Map.of("sleepMs", 150))) {
            List<Trial<MacroGenome>> trials = new ArrayList<>();
            List<CompletableFuture<TrialResult>> futures = new ArrayList<>();
            for (int id = 0; id < 16; id++) {
                Trial<MacroGenome> trial = new Trial<>(id, space.at(BigInteger.valueOf(id * 409L)), Fidelity.FULL, 1);
                trials.add(trial);
                futures.add(pool.submit(trial, UNUSED));
            }

            Set<Double> pids = new HashSet<>();
            for (int id = 0; id < trials.size(); id++) {
                TrialResult result = futures.get(id).get(60, TimeUnit.SECONDS);
                assertThat(result.state()).as(result.reason()).isEqualTo(TrialState.COMPLETE);
                assertThat(result.metrics()).containsEntry(TestJobFactory.ACCURACY,
                        (double) TestJobFactory.digitSum(space.format(trials.get(id).genome())));
                pids.add(result.metrics().get("pid"));
            }
            assertThat(pool.parallelism()).isEqualTo(2);
            assertThat(pids).hasSize(2);
        }
    }

    @Test
    void aTrialsIncumbentTravelsToTheWorker() throws Exception {
        try (WorkerPoolExecutor pool = pool(1, Map.of())) {
            Trial<MacroGenome> trial = trial(1, "12121212").withIncumbent(new Incumbent("accuracy", 0.8125, 0));

            TrialResult result = pool.submit(trial, UNUSED).get(60, TimeUnit.SECONDS);

            assertThat(result.metrics()).containsEntry("incumbent", 0.8125);
        }
    }

    @Test
    void aThrowingEstimatorFailsItsTrialWithTheMessageAndTheWorkerStaysUp() throws Exception {
        try (WorkerPoolExecutor pool = pool(1, Map.of("throwOn", "00000001"))) {
            TrialResult before = run(pool, 1, "22222222");
            TrialResult failed = run(pool, 2, "00000001");
            TrialResult after = run(pool, 3, "10000000");

            assertThat(failed.state()).isEqualTo(TrialState.FAILED);
            assertThat(failed.reason()).isEqualTo("IllegalStateException: cannot evaluate 00000001");
            assertThat(before.metrics()).containsEntry(TestJobFactory.ACCURACY, 16.0);
            assertThat(after.metrics()).containsEntry(TestJobFactory.ACCURACY, 1.0);
            assertThat(after.metrics().get("pid")).isEqualTo(before.metrics().get("pid"));
        }
    }

    @Test
    void aWorkerThatDiesMidTrialFailsExactlyThatTrialAndIsReplaced() throws Exception {
        try (WorkerPoolExecutor pool = pool(1, Map.of("haltOn", "00000002", "exitOn", "00000020"))) {
            TrialResult first = run(pool, 1, "11111111");
            TrialResult halted = run(pool, 2, "00000002");
            TrialResult second = run(pool, 3, "11111111");
            TrialResult exited = run(pool, 4, "00000020");
            TrialResult third = run(pool, 5, "11111111");

            assertThat(halted.state()).isEqualTo(TrialState.FAILED);
            assertThat(halted.reason()).isEqualTo("worker process died (exit status 137) while running trial 2");
            assertThat(exited.reason()).isEqualTo("worker process died (exit status 5) while running trial 4");
            assertThat(halted.lost()).as("a dead worker is an infrastructure failure a retry policy may repeat").isTrue();
            assertThat(List.of(first, second, third)).allSatisfy(result -> {
                assertThat(result.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(result.metrics()).containsEntry(TestJobFactory.ACCURACY, 8.0);
            });
            assertThat(Set.of(first.metrics().get("pid"), second.metrics().get("pid"), third.metrics().get("pid")))
                    .hasSize(3);
        }
    }

    @Test
    void aNativeCrashFailsOnlyItsTrial() throws Exception {
        // The crash report and any core dump must land in the test's directory, not the module's.
        WorkerPoolExecutor.Settings settings = settings(1, Map.of("crashOn", "01010101"))
                .withJvmOptions(List.of("-XX:TieredStopAtLevel=1", "-XX:-CreateCoredumpOnCrash",
                        "-XX:ErrorFile=" + markers.resolve("hs_err_%p.log")));
        try (WorkerPoolExecutor pool = new WorkerPoolExecutor(settings)) {
            TrialResult crashed = run(pool, 1, "01010101");
            TrialResult next = run(pool, 2, "01010101".replace('0', '2'));

            // 134 (SIGABRT) with a core dump, 1 without: the JVM ends itself after writing its report.
            assertThat(crashed.reason()).matches("worker process died \\(exit status (1|134)\\) while running trial 1");
            assertThat(next.metrics()).containsEntry(TestJobFactory.ACCURACY, 12.0);
        }
    }

    @Test
    void aSearchGoesOnWhenAWorkerIsKilledFromOutsideMidTrial() throws Exception {
        try (WorkerPoolExecutor pool = pool(2, Map.of("sleepMs", 150, "markers", markers.toString()))) {
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killWhenStarted(pool, 4));
            SearchResult<MacroGenome> result = Search.builder(space)
                    .strategy(new RandomSearchProvider().create(StrategyContext.of(space, Objective.maximize("accuracy"), 7)))
                    .estimator(UNUSED)
                    .objective(Objective.maximize(TestJobFactory.ACCURACY))
                    .budget(Budget.trials(10))
                    .executor(pool)
                    .build()
                    .run();
            killer.get(60, TimeUnit.SECONDS);

            assertThat(result.trials()).hasSize(10);
            assertThat(result.trials()).filteredOn(trial -> trial.state() == TrialState.FAILED)
                    .singleElement()
                    .satisfies(trial -> {
                        assertThat(trial.id()).isEqualTo(4);
                        assertThat(trial.reason()).isEqualTo("worker process died (exit status 137) while running trial 4");
                    });
            List<TrialRecord> complete = result.trials().stream().filter(trial -> trial.state() == TrialState.COMPLETE).toList();
            assertThat(complete).hasSize(9).allSatisfy(trial -> assertThat(trial.metrics())
                    .containsEntry(TestJobFactory.ACCURACY, (double) TestJobFactory.digitSum(trial.genome())));
        }
    }

    @Test
    void aFactoryThatFailsGivesItsReasonToEveryTrialAndTheNextOnesFailAtOnce() throws Exception {
        try (WorkerPoolExecutor pool = pool(2, Map.of("failStart", "no data set at /nowhere"))) {
            List<CompletableFuture<TrialResult>> waiting = List.of(
                    pool.submit(trial(1, "00000000"), UNUSED), pool.submit(trial(2, "00000001"), UNUSED));

            for (CompletableFuture<TrialResult> future : waiting) {
                TrialResult result = future.get(60, TimeUnit.SECONDS);
                assertThat(result.state()).isEqualTo(TrialState.FAILED);
                assertThat(result.reason())
                        .isEqualTo("worker failed to start: IllegalStateException: no data set at /nowhere");
            }
            CompletableFuture<TrialResult> later = pool.submit(trial(3, "00000002"), UNUSED);
            assertThat(later).isDone();
            assertThat(later.get().reason()).isEqualTo(waiting.get(0).get().reason());
            assertThat(pool.workerPids()).isEmpty();
        }
    }

    @Test
    void aWorkerJvmThatCannotStartGivesTheLaunchersReason() throws Exception {
        WorkerPoolExecutor.Settings settings = settings(1, Map.of()).withJvmOptions(List.of("-XX:+NoSuchOptionAnywhere"));
        try (WorkerPoolExecutor pool = new WorkerPoolExecutor(settings)) {
            TrialResult result = run(pool, 1, "00000000");

            assertThat(result.state()).isEqualTo(TrialState.FAILED);
            assertThat(result.reason()).startsWith("worker failed to start: the worker process exited (exit status 1)"
                    + " before it was ready: ").contains("NoSuchOptionAnywhere");
        }
    }

    @Test
    void junkOnStandardOutputDoesNotBreakTheProtocol() throws Exception {
        try (WorkerPoolExecutor pool = pool(1, Map.of("junkOn", "12121212"))) {
            TrialResult junk = run(pool, 1, "12121212");
            TrialResult next = run(pool, 2, "22222222");

            assertThat(junk.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(junk.metrics()).containsEntry(TestJobFactory.ACCURACY, 12.0);
            assertThat(next.metrics()).containsEntry(TestJobFactory.ACCURACY, 16.0);
        }
    }

    @Test
    void theThreadsSettingReachesTheWorker() throws Exception {
        try (WorkerPoolExecutor pool = new WorkerPoolExecutor(settings(1, Map.of()).withThreadsPerWorker(3))) {
            TrialResult result = run(pool, 1, "00000000");

            assertThat(result.metrics()).containsEntry("ompThreads", 3.0).containsEntry("mklThreads", 3.0)
                    .containsEntry("djlThreads", 3.0);
        }
    }

    @Test
    void workersWaitPassivelyUnlessThisProcessChoseAPolicy() throws Exception {
        assertThat(WorkerPoolExecutor.workerEnvironment(2, null)).containsEntry("OMP_WAIT_POLICY", "PASSIVE")
                .containsEntry("OMP_NUM_THREADS", "2");
        assertThat(WorkerPoolExecutor.workerEnvironment(2, "ACTIVE")).containsEntry("OMP_WAIT_POLICY", "ACTIVE");
        String inherited = System.getenv("OMP_WAIT_POLICY");
        try (WorkerPoolExecutor pool = new WorkerPoolExecutor(settings(1, Map.of()).withThreadsPerWorker(2))) {
            TrialResult result = run(pool, 1, "00000000");

            assertThat(result.metrics()).containsEntry("ompPassive",
                    inherited == null || inherited.equals("PASSIVE") ? 1.0 : 0.0);
        }
    }

    @Test
    void aCancelledTrialsWorkerIsKilledAndReplaced() throws Exception {
        try (WorkerPoolExecutor pool = pool(1, Map.of("slowOn", "22222222", "markers", markers.toString()))) {
            CompletableFuture<TrialResult> slow = pool.submit(trial(1, "22222222"), UNUSED);
            long pid = startedBy(1);

            slow.cancel(true);
            TrialResult next = run(pool, 2, "00000001");

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(next.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(next.metrics().get("pid")).isNotEqualTo((double) pid);
        }
    }

    @Test
    void closeFailsTheRunningTrialAndLeavesNoLiveWorker() throws Exception {
        WorkerPoolExecutor pool = pool(2, Map.of("slowOn", "22222222", "markers", markers.toString()));
        CompletableFuture<TrialResult> slow = pool.submit(trial(1, "22222222"), UNUSED);
        startedBy(1);
        List<Long> pids = pool.workerPids();

        long start = System.nanoTime();
        pool.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);

        assertThat(pids).hasSize(2);
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> pids.contains(child.pid()))).isEmpty();
        assertThat(slow).isDone();
        assertThat(slow.get().reason()).isEqualTo("the executor was closed before the trial finished");
        assertThat(closing).isLessThan(Duration.ofSeconds(5));
        assertThat(pool.workerPids()).isEmpty();
        assertThatThrownBy(() -> pool.submit(trial(2, "00000000"), UNUSED)).isInstanceOf(IllegalStateException.class);
    }

    private WorkerPoolExecutor pool(int workers, Map<String, Object> configuration) {
        return new WorkerPoolExecutor(settings(workers, configuration));
    }

    private WorkerPoolExecutor.Settings settings(int workers, Map<String, Object> configuration) {
        try {
            return WorkerPoolExecutor.Settings.of(space, TrialRecipe.of(TestJobFactory.class,
                    new ObjectMapper().writeValueAsString(configuration)), workers).withJvmOptions(QUICK_START);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Trial<MacroGenome> trial(long id, String key) {
        return new Trial<>(id, space.parse(key), Fidelity.FULL, 1);
    }

    private TrialResult run(WorkerPoolExecutor pool, long id, String key) throws Exception {
        return pool.submit(trial(id, key), UNUSED).get(60, TimeUnit.SECONDS);
    }

    /** The pid of the worker that started trial {@code id}, once it has. */
    private long startedBy(long id) throws Exception {
        Path marker = markers.resolve("started-" + id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trial " + id + " never started");
            }
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(marker).strip());
    }

    private void killWhenStarted(WorkerPoolExecutor pool, long id) {
        try {
            long pid = startedBy(id);
            assertThat(pool.workerPids()).contains(pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
