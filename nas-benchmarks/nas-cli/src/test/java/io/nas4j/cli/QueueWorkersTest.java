package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code nas search --executor queue} with {@code nas worker} processes beside it: real worker JVMs (the
 * {@code nas} main class) train the trials the search queues in its store, one of them killed with SIGKILL
 * mid-trial, on an SQLite file shared on this host and on loopback PostgreSQL.
 */
class QueueWorkersTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final long MINUTES = 5;

    @TempDir
    Path folder;

    @Test
    void workersOnTheSearchsSqliteFileRunEveryTrialAndOneKilledMidTrialLosesNothing() throws Exception {
        Path out = folder.resolve("sqlite");
        searchWithAWorkerKilled(out, JdbcTrialStore.sqliteUrl(out.resolve("trials.db")), List.of());
    }

    @Test
    void workersOnPostgresqlRunEveryTrialAndOneKilledMidTrialLosesNothing() throws Exception {
        String server = System.getenv("NAS4J_POSTGRES_URL");
        assumeTrue(server != null && !server.isBlank(),
                "skipped: no PostgreSQL server is named (set NAS4J_POSTGRES_URL; .ci/run starts one)");
        String schema = "queue_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(server); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        searchWithAWorkerKilled(folder.resolve("postgres"), url, List.of("--store", url));
    }

    private void searchWithAWorkerKilled(Path out, String store, List<String> storeFlag) throws Exception {
        int budget = 4;
        Process doomed = null;
        Process survivor = null;
        try {
            doomed = worker(store, "doomed", folder.resolve("doomed.log"));
            List<String> args = new ArrayList<>(List.of("search", "--executor", "queue", "--workers", "2", "--budget",
                    Integer.toString(budget), "--epochs", "3", "--final-epochs", "1", "--seed", "3", "--out", out.toString()));
            args.addAll(storeFlag);
            CompletableFuture<Outcome> searched = CompletableFuture.supplyAsync(() -> CliRun.run(INJECTOR,
                    args.toArray(String[]::new)));

            // the only worker so far takes the first trial; it is killed while it trains, and only then does the
            // survivor start: so the kill always lands mid-trial, however fast this machine trains
            Row killed = awaitRow(store, searched, row -> row.running() && row.worker().endsWith("#doomed slot 1"));
            doomed.destroyForcibly();
            assertThat(doomed.waitFor()).as("killed by SIGKILL").isEqualTo(137);
            survivor = worker(store, "survivor", folder.resolve("survivor.log"));

            Outcome outcome = searched.get(MINUTES, TimeUnit.MINUTES);

            assertThat(outcome.status()).as(outcome.err()).isZero();
            List<Row> rows = rows(store);
            assertThat(rows).as("every trial recorded once").hasSize(budget)
                    .extracting(Row::id).containsExactly(0L, 1L, 2L, 3L);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.state()).isEqualTo("COMPLETE");
                assertThat(row.worker()).matches(".*#(doomed|survivor) slot 1");
            });
            Row rerun = rows.get((int) killed.id());
            assertThat(rerun.attempt()).as("the killed worker's trial ran again").isEqualTo(2);
            assertThat(rerun.worker()).endsWith("#survivor slot 1");
            JsonNode result = JsonMapper.builder().build().readTree(out.resolve("result.json").toFile());
            assertThat(result.get("trialsList")).hasSize(budget);
            System.out.printf("queue workers on %s: trial %d lost with its worker, run again as attempt 2 by the survivor%n",
                    store.startsWith("jdbc:sqlite:") ? "SQLite" : "PostgreSQL", killed.id());
        } finally {
            stop(doomed);
            stop(survivor);
        }
    }

    @Test
    void theIssuesCheckTwoWorkersStartedBesideTheSearchRunEveryTrial() throws Exception {
        Path out = folder.resolve("check");
        String store = "jdbc:sqlite:" + out.resolve("trials.db");
        // started before the search: they wait for it to create its store
        Process first = worker(store, "worker", folder.resolve("first.log"));
        Process second = worker(store, "worker", folder.resolve("second.log"));
        try {
            Outcome outcome = CliRun.run(INJECTOR, "search", "--executor", "queue", "--budget", "4", "--epochs", "1",
                    "--final-epochs", "1", "--out", out.toString());

            assertThat(outcome.status()).as(outcome.err()).isZero();
            assertThat(outcome.out()).contains("test accuracy");
            List<Row> rows = rows(JdbcTrialStore.sqliteUrl(out.resolve("trials.db")));
            assertThat(rows).hasSize(4).allSatisfy(row -> {
                assertThat(row.state()).isEqualTo("COMPLETE");
                assertThat(row.worker()).as("run by a worker").endsWith("#worker slot 1");
            });
            assertThat(rows).extracting(row -> row.worker().split("/")[1]).as("worker processes")
                    .allSatisfy(pid -> assertThat(List.of(Long.toString(first.pid()), Long.toString(second.pid()))).contains(pid));

            Outcome late = CliRun.run(INJECTOR, "worker", "--store", store, "--idle-exit", "1", "--name", "late");
            assertThat(late.status()).as(late.err()).isZero();
            assertThat(late.out()).contains("worker late: 0 trials recorded, 0 results refused, 0 handed back");
        } finally {
            stop(first);
            stop(second);
        }
    }

    @Test
    void aDetectionSearchQueuesItsTrialsForWorkersToo() throws Exception {
        Path out = folder.resolve("detection");
        String store = JdbcTrialStore.sqliteUrl(out.resolve("trials.db"));
        Process worker = worker(store, "worker", folder.resolve("detection-worker.log"));
        try {
            Outcome outcome = CliRun.run(INJECTOR, "search", "--task", "detection", "--executor", "queue", "--budget", "2",
                    "--epochs", "1", "--final-epochs", "1", "--seed", "3", "--out", out.toString());

            assertThat(outcome.status()).as(outcome.err()).isZero();
            assertThat(rows(store)).extracting(Row::id).containsExactly(0L, 1L);
            assertThat(rows(store)).allSatisfy(row -> {
                assertThat(row.state()).isEqualTo("COMPLETE");
                assertThat(row.worker()).as("run by the worker").endsWith("#worker slot 1");
            });
            assertThat(outcome.out()).contains("best detector: ", "test mAP@0.5 ");
            JsonNode result = JsonMapper.builder().build().readTree(out.resolve("result.json").toFile());
            assertThat(result.at("/best/test/map50").asDouble(-1)).isBetween(0.0, 1.0);
        } finally {
            stop(worker);
        }
    }

    @Test
    void aQueuedSearchKilledMidRunResumesOnTheQueueAndLosesNoTrial() throws Exception {
        Path out = folder.resolve("resumed");
        Path database = out.resolve("trials.db");
        String store = JdbcTrialStore.sqliteUrl(database);
        Process worker = worker(store, "worker", folder.resolve("resumed-worker.log"));
        try {
            Process search = KillAndResumeTest.startCli(List.of("search", "--executor", "queue", "--budget", "5",
                    "--epochs", "1", "--final-epochs", "1", "--seed", "3", "--out", out.toString()),
                    folder.resolve("killed-search.log"));
            KillAndResumeTest.waitForFinishedTrials(search, database, 2);
            search.destroyForcibly();
            assertThat(search.waitFor()).as("the search was killed by SIGKILL").isEqualTo(137);

            Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());

            assertThat(resumed.status()).as(resumed.err()).isZero();
            List<Row> rows = rows(store);
            assertThat(rows).as("every trial recorded once").extracting(Row::id).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.state()).isEqualTo("COMPLETE");
                assertThat(row.worker()).as("trial %d ran on the queue", row.id()).endsWith("#worker slot 1");
            });
            JsonNode result = JsonMapper.builder().build().readTree(out.resolve("result.json").toFile());
            assertThat(result.get("trialsList")).hasSize(5);
        } finally {
            stop(worker);
        }
    }

    @Test
    void badWorkerInputIsOneSentenceAndStatusTwo() {
        Path tabular = folder.resolve("tabular");
        assertThat(CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "3",
                "--data-dir", io.nas4j.benchmarks.tabular.TestData.directory().toString(), "--out", tabular.toString())
                .status()).isZero();

        assertUsage(CliRun.run(INJECTOR, "worker", "--store", "jdbc:sqlite:" + tabular.resolve("trials.db")),
                "nas worker: --store " + tabular.resolve("trials.db") + " holds a search that does not queue its trials; "
                        + "start one with 'nas search --executor queue'");
        assertUsage(CliRun.run(INJECTOR, "worker", "--store", "jdbc:sqlite:" + folder.resolve("none.db"), "--wait", "0"),
                "nas worker: --store " + folder.resolve("none.db") + " holds no search (waited 0 s); start one with "
                        + "'nas search --executor queue', or give the store URL it uses");
        assertUsage(CliRun.run(INJECTOR, "worker", "--store", "mysql://host/db"),
                "nas worker: --store must be a URL starting with jdbc:sqlite: or jdbc:postgresql:, got mysql://host/db");
        assertUsage(CliRun.run(INJECTOR, "worker", "--store", "jdbc:sqlite:x.db", "--slots", "0"),
                "nas worker: --slots must be between 1 and 64, got 0");
        assertUsage(CliRun.run(INJECTOR, "search", "--backend", "tabular", "--executor", "queue"),
                "nas search: --executor queue is for training searches; a tabular search looks its trials up in this "
                        + "process, so use --executor local");
        assertUsage(CliRun.run(INJECTOR, "search", "--executor", "queue", "--master", "local[2]"),
                "nas search: --master is for --executor spark only");
        assertThat(folder.resolve("none.db")).as("a worker creates no store").doesNotExist();
    }

    private static void assertUsage(Outcome outcome, String message) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo(message);
    }

    /** A {@code nas worker} process on {@code store}. */
    private static Process worker(String store, String name, Path log) throws java.io.IOException {
        return KillAndResumeTest.startCli(List.of("worker", "--store", store, "--name", name, "--wait", "300"), log);
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Waits until a stored trial matches, failing when the search ends first or after a few minutes. */
    private static Row awaitRow(String store, CompletableFuture<Outcome> search, Predicate<Row> wanted)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(MINUTES);
        while (System.currentTimeMillis() < deadline) {
            assertThat(search.isDone()).as("the search ended too soon: %s", search.isDone() ? search.join().err() : "").isFalse();
            for (Row row : rows(store)) {
                if (wanted.test(row)) {
                    return row;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no trial became as the test waits for within " + MINUTES + " minutes");
    }

    /** The trials as stored, read while the search and the workers write. */
    private static List<Row> rows(String store) {
        List<Row> rows = new ArrayList<>();
        if (store.startsWith("jdbc:sqlite:") && !Files.exists(Path.of(store.substring("jdbc:sqlite:".length())))) {
            return rows;  // opening it would create the file, and the search refuses a store that exists
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection connection = store.startsWith("jdbc:sqlite:") ? readOnly.createConnection(store)
                : DriverManager.getConnection(store); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, state, attempt, worker FROM trials ORDER BY id")) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getString(2), result.getInt(3),
                        result.getString(4) == null ? "" : result.getString(4)));
            }
        } catch (SQLException e) {
            // the search has not created its tables yet
        }
        return rows;
    }

    private record Row(long id, String state, int attempt, String worker) {
        boolean running() {
            return state.equals("RUNNING");
        }
    }
}
