package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real DJL training search on a Spark standalone cluster on 127.0.0.1 (a master and two one-core workers,
 * each worker with its own executor JVM), eight trials of one epoch on the embedded digits, and one worker
 * killed with SIGKILL while both run a trial: every trial is recorded exactly once, the lost trial runs again,
 * and the search equals a {@code --workers 2} local run with the same seed, trial for trial.
 */
class SparkClusterSearchTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final List<String> SEARCH = List.of("search", "--budget", "8", "--epochs", "1", "--final-epochs", "1",
            "--seed", "11", "--workers", "2");

    @TempDir
    Path folder;

    @Test
    void aKilledWorkersTrialRunsAgainAndTheSearchEqualsALocalOne() throws Exception {
        Path clusterOut = folder.resolve("cluster");
        Path trialsDb = clusterOut.resolve("trials.db");
        int finishedAtKill;
        try (SparkProcesses spark = SparkProcesses.in(folder)) {
            String master = spark.master();
            Process doomed = spark.worker(master, 1);
            spark.worker(master, 2);
            List<String> args = new ArrayList<>(SEARCH);
            args.addAll(List.of("--executor", "spark", "--master", master, "--out", clusterOut.toString()));
            Process nas = spark.nas("nas", List.of("-Dspark.executor.memory=1g", "-Dspark.executor.cores=1",
                    "-Dspark.cores.max=2", "-Dspark.task.maxFailures=4"), args.toArray(String[]::new));
            // both workers' executors busy with a trial, at least one trial behind them: the machine goes
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!(count(trialsDb, "state = 'RUNNING'") == 2 && count(trialsDb, "state IN ('COMPLETE', 'FAILED')") >= 1)) {
                assertThat(nas.isAlive()).as("nas ended before a worker could be killed: " + Files.readString(spark.log("nas")))
                        .isTrue();
                assumeTrue(doomed.isAlive(), "skipped: the Spark worker ended; see " + spark.log("worker-1"));
                assumeTrue(System.nanoTime() < deadline, "skipped: the cluster did not run two trials at once within 150 s");
                Thread.sleep(100);
            }
            finishedAtKill = count(trialsDb, "state IN ('COMPLETE', 'FAILED')");
            SparkProcesses.kill(doomed);
            assertThat(nas.waitFor(170, TimeUnit.SECONDS)).as("nas ended within 170 s").isTrue();
            assertThat(nas.exitValue()).as(Files.readString(spark.log("nas"))).isZero();
        }
        Path localOut = folder.resolve("local");
        List<String> args = new ArrayList<>(SEARCH);
        args.addAll(List.of("--out", localOut.toString()));
        Outcome local = CliRun.run(INJECTOR, args.toArray(String[]::new));
        assertThat(local.status()).as(local.err()).isZero();

        List<String> runs = new ArrayList<>();
        List<String> attempts = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + trialsDb);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, state, attempt, worker, tell_index FROM trials ORDER BY id")) {
            while (rows.next()) {
                runs.add(rows.getLong(1) + " " + rows.getString(2) + " told " + rows.getInt(5));
                attempts.add(rows.getInt(3) + " " + rows.getString(4));
            }
        }
        System.out.printf("spark training cluster test: worker killed after %d of 8 trials finished; who ran each: %s%n",
                finishedAtKill, attempts);
        assertThat(runs).as("every trial recorded once, finished, told once").hasSize(8)
                .allSatisfy(run -> assertThat(run).contains(" COMPLETE told "));
        assertThat(runs.stream().map(run -> run.substring(run.indexOf(" told ")))).doesNotHaveDuplicates();
        assertThat(attempts).as("the lost trial ran again: Spark ran its task again, or the search its attempt")
                .anyMatch(run -> !run.startsWith("1 ") || !run.endsWith("task attempt 0"));
        assertThat(trials(clusterOut)).isEqualTo(trials(localOut));
        JsonNode cluster = best(clusterOut);
        JsonNode alone = best(localOut);
        assertThat(cluster.get("genome")).isEqualTo(alone.get("genome"));
        assertThat(cluster.get("validation")).isEqualTo(alone.get("validation"));
        assertThat(cluster.at("/validation/accuracy").asDouble()).isPositive();
    }

    private static int count(Path store, String condition) throws SQLException {
        if (!Files.exists(store)) {
            return 0;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM trials WHERE " + condition)) {
            return row.next() ? row.getInt(1) : 0;
        } catch (SQLException e) {
            return 0; // not created yet
        }
    }

    /** Each trial's id, genome, state and validation accuracy, as result.json lists them. */
    private static List<String> trials(Path out) throws IOException {
        List<String> trials = new ArrayList<>();
        for (JsonNode trial : new JsonMapper().readTree(out.resolve("result.json").toFile()).get("trialsList")) {
            trials.add(trial.get("id").asLong() + " " + trial.get("genome").asText() + " " + trial.get("state").asText()
                    + " " + trial.path("accuracy").asText(""));
        }
        return trials;
    }

    /** The best trial of result.json, its timings (which measure the machine, not the network) left out. */
    private static JsonNode best(Path out) throws IOException {
        JsonNode best = new JsonMapper().readTree(out.resolve("result.json").toFile()).get("best");
        ((ObjectNode) best.get("validation")).remove(List.of("ms_per_step", "train_seconds"));
        return best;
    }
}
