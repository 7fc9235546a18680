package io.nas4j.executor.spark;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.RetryPolicy;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A search on a real Spark standalone cluster on 127.0.0.1 (a master and two workers, each in its own JVM,
 * each worker with one executor JVM), one worker killed with SIGKILL mid-run: every trial is recorded
 * exactly once, trial errors are FAILED results, and the search ends, whether the tasks write their results to
 * the shared store or the driver commits what they return. Skipped, with the reason, when the
 * cluster does not come up here.
 */
class StandaloneClusterTest {

    private static final int BUDGET = 24;
    private static final long TRIAL_MILLIS = 700;
    private static final long START_SECONDS = 240;

    @TempDir
    Path folder;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopTheCluster() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "results written by {0}")
    @EnumSource(SparkTrialExecutor.Results.class)
    void everyTrialIsRecordedExactlyOnceWhenAWorkerDiesMidRun(SparkTrialExecutor.Results results) throws Exception {
        Path sparkHome = Files.createDirectories(folder.resolve("spark-home/jars"));
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        processes.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())), sparkHome.getParent()));
        waitFor("the Spark master to listen on " + master, () -> listening(masterPort));
        Process doomed = start("worker-1", worker(master, 1), sparkHome.getParent());
        processes.add(doomed);
        processes.add(start("worker-2", worker(master, 2), sparkHome.getParent()));

        MacroSpace space = new MacroSpace();
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        Path evaluations = folder.resolve("evaluations.log");
        SearchResult<MacroGenome> result;
        try (JdbcTrialStore store = JdbcTrialStore.open(url);
             SparkTrialExecutor executor = new SparkTrialExecutor(new SparkTrialExecutor.Settings(master, 2, space, url,
                     TrialRecipe.of(SlowSumFactory.class, TRIAL_MILLIS + "|" + evaluations),
                     SparkTrialExecutor.settings("spark.executor.memory", "512m", "spark.executor.cores", "1", "spark.cores.max", "2",
                     "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                     "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                     "spark.executor.extraJavaOptions", System.getProperty("nas4j.spark.java.options", ""),
                     "spark.task.maxFailures", "4")).withResults(results))) {
            waitFor("two Spark executors to register with the driver",
                    () -> executor.context().sc().statusTracker().getExecutorInfos().length >= 3);
            store.acquireSearch();
            CompletableFuture<SearchResult<MacroGenome>> search = CompletableFuture.supplyAsync(() -> Search.builder(space)
                    .strategy(new RandomMacro(space, 5))
                    .estimator(trial -> {
                        throw new AssertionError("the driver never evaluates");
                    })
                    .objective(Objective.maximize("accuracy"))
                    .budget(Budget.trials(BUDGET))
                    .executor(executor)
                    .store(store)
                    .retryPolicy(RetryPolicy.attempts(2))
                    .build().run());
            while (finished(store) < 6) {
                assertThat(search).as("the search ended before a worker could be killed").isNotDone();
                Thread.sleep(50);
            }
            // the machine goes: its executor and its worker, without warning
            doomed.descendants().forEach(ProcessHandle::destroyForcibly);
            doomed.destroyForcibly();
            int finishedAtKill = finished(store);
            result = search.get();

            List<TrialRecord> trials = store.trials();
            List<String> evaluated = Files.readAllLines(evaluations);
            long retried = store.workers().values().stream().filter(worker -> !worker.endsWith("task attempt 0")).count();
            System.out.printf("spark kill test: worker killed after %d of %d trials finished; %d evaluations for %d "
                            + "recorded trials; %d trials re-run by Spark after the loss; %d COMPLETE, %d FAILED%n",
                    finishedAtKill, BUDGET, evaluated.size(), trials.size(), retried,
                    result.count(TrialState.COMPLETE), result.count(TrialState.FAILED));

            assertThat(trials).extracting(TrialRecord::id)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, BUDGET).boxed().toList());
            assertThat(trials).allSatisfy(trial -> assertThat(trial.state().finished()).isTrue());
            assertThat(trials).extracting(TrialRecord::tellIndex).doesNotHaveDuplicates()
                    .allSatisfy(index -> assertThat(index).isBetween(0, BUDGET - 1));
            for (TrialRecord trial : trials) {
                List<Integer> choices = space.parse(trial.genome()).choices();
                if (SlowSumFactory.diverges(trial.id())) {
                    assertThat(trial.state()).isEqualTo(TrialState.FAILED);
                    assertThat(trial.reason()).isEqualTo("IllegalStateException: diverged");
                } else {
                    assertThat(trial.state()).as("trial %d: %s", trial.id(), trial.reason()).isEqualTo(TrialState.COMPLETE);
                    // the executors' OpenMP threads wait passively (SparkTrialExecutor sets their environment)
                    assertThat(trial.metrics()).containsOnly(Map.entry("accuracy", SlowSumFactory.accuracy(choices)),
                            Map.entry("omp_passive", 1.0));
                }
            }
            Map<String, Long> runs = evaluated.stream().collect(Collectors.groupingBy(line -> line, Collectors.counting()));
            assertThat(runs.keySet()).hasSize(BUDGET);
            assertThat(result.trials()).isEqualTo(trials);
            assertThat(result.count(TrialState.FAILED)).as("trial errors are results, not retries").isEqualTo(5);
        }
    }

    private static List<String> worker(String master, int number) {
        return List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "768m",
                "--webui-port", Integer.toString(freePort()), "--work-dir", "work-" + number, master);
    }

    private Process start(String name, List<String> mainAndArgs, Path sparkHome) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(Arrays.asList(System.getProperty("nas4j.spark.java.options", "").split("\\s+")));
        command.removeIf(String::isBlank);
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".log").toFile());
        // a worker builds its executors' command line from SPARK_HOME (an empty jars/ folder: the class path
        // comes from spark.executor.extraClassPath) and the Scala version
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static int finished(JdbcTrialStore store) {
        return (int) store.trials().stream().filter(trial -> trial.state().finished()).count();
    }

    private void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + START_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            for (Process process : processes) {
                assumeTrue(process.isAlive(), "skipped: a Spark process ended while waiting for " + what
                        + "; see " + folder + "/*.log");
            }
            assumeTrue(System.nanoTime() < deadline, "skipped: Spark did not start here: no " + what + " within "
                    + START_SECONDS + " s");
            Thread.sleep(200);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
