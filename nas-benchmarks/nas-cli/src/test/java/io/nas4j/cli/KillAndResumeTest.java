package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search killed with SIGKILL mid-run and resumed ends exactly as an uninterrupted search with the same
 * seed: the killed search runs in a child JVM (the real {@code nas} main class), the others in this one.
 */
class KillAndResumeTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final int BUDGET = 600;
    /** Finished trials in the store before the child is killed. */
    private static final int KILL_AFTER = 100;

    @TempDir
    Path folder;

    @Test
    void aSearchKilledWithSigkillResumesToTheResultOfAnUninterruptedRun() throws Exception {
        List<String> search = List.of("search", "--backend", "tabular", "--space", "nb201", "--dataset", "cifar100",
                "--strategy", "regularized-evolution", "--budget", Integer.toString(BUDGET), "--seed", "11",
                "--data-dir", TestData.directory().toString());
        Path straight = folder.resolve("straight");
        Path killed = folder.resolve("killed");

        Outcome uninterrupted = CliRun.run(INJECTOR, with(search, "--out", straight.toString()));
        assertThat(uninterrupted.status()).as(uninterrupted.err()).isZero();

        Process child = startCli(List.of(with(search, "--out", killed.toString())), folder.resolve("killed.log"));
        int finishedAtKill = waitForFinishedTrials(child, killed.resolve("trials.db"), KILL_AFTER);
        child.destroyForcibly();
        assertThat(child.waitFor()).as("killed by SIGKILL").isEqualTo(137);
        List<TrialRecord> left = trials(killed);
        assertThat(left.size()).as("the search was interrupted").isLessThan(BUDGET);
        assertThat(finishedAtKill).isGreaterThanOrEqualTo(KILL_AFTER);
        assertThat(killed.resolve("result.json")).doesNotExist();

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", killed.toString());

        assertThat(resumed.status()).as(resumed.err()).isZero();
        long finishedLeft = left.stream().filter(t -> t.state().finished()).count();
        assertThat(resumed.err()).contains("resuming the search in " + killed.resolve("trials.db") + ": " + finishedLeft
                + " finished trials kept, " + (left.size() - finishedLeft) + " interrupted trials to run again");
        List<TrialRecord> after = trials(killed);
        List<TrialRecord> expected = trials(straight);
        assertThat(after).hasSize(BUDGET);
        for (TrialRecord trial : left) {
            if (trial.state().finished()) {
                assertThat(after.get((int) trial.id())).as("a finished trial is kept as it was").isEqualTo(trial);
            }
        }
        assertThat(after).extracting(TrialRecord::genome).containsExactlyElementsOf(genomes(expected));
        assertThat(after).extracting(TrialRecord::metrics)
                .containsExactlyElementsOf(expected.stream().map(TrialRecord::metrics).toList());
        assertThat(after).extracting(TrialRecord::tellIndex)
                .containsExactlyElementsOf(expected.stream().map(TrialRecord::tellIndex).toList());
        JsonNode straightResult = JsonMapper.builder().build().readTree(straight.resolve("result.json").toFile());
        JsonNode resumedResult = JsonMapper.builder().build().readTree(killed.resolve("result.json").toFile());
        assertThat(resumedResult.get("best")).isEqualTo(straightResult.get("best"));
        assertThat(resumedResult.get("complete")).isEqualTo(straightResult.get("complete"));
        System.out.printf("kill-and-resume: %d of %d trials stored when killed (%d finished), result equal to the "
                + "uninterrupted run: %s%n", left.size(), BUDGET, finishedAtKill, resumedResult.get("best").get("genome"));
    }

    @Test
    void resumingASearchThatFinishedChangesNothing() throws IOException {
        Path out = folder.resolve("done");
        Outcome first = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "30",
                "--data-dir", TestData.directory().toString(), "--out", out.toString());
        assertThat(first.status()).as(first.err()).isZero();
        List<TrialRecord> before = trials(out);

        Outcome again = CliRun.run(INJECTOR, "resume", "--out", out.toString());

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.err()).contains("30 finished trials kept, 0 interrupted trials to run again");
        assertThat(trials(out)).isEqualTo(before);
    }

    @Test
    void aSecondSearchIntoTheSameFolderIsRefused() {
        Path out = folder.resolve("once");
        List<String> search = List.of("search", "--backend", "tabular", "--space", "macro", "--budget", "5",
                "--data-dir", TestData.directory().toString(), "--out", out.toString());
        assertThat(CliRun.run(INJECTOR, search.toArray(String[]::new)).status()).isZero();

        Outcome second = CliRun.run(INJECTOR, search.toArray(String[]::new));

        assertThat(second.status()).isEqualTo(2);
        assertThat(second.err().strip()).isEqualTo("nas search: " + out.resolve("trials.db")
                + " already holds a search; continue it with 'nas resume --out " + out + "' or choose another --out");
    }

    @Test
    void aSearchKeepsItsTrialsInPostgresqlAndResumesFromThere() throws Exception {
        String server = System.getenv("NAS4J_POSTGRES_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(server != null && !server.isBlank(),
                "skipped: no PostgreSQL server is named (set NAS4J_POSTGRES_URL; .ci/run starts one)");
        String schema = "cli_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = java.sql.DriverManager.getConnection(server);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Path out = folder.resolve("postgres");

        Outcome first = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "20",
                "--store", url, "--data-dir", TestData.directory().toString(), "--out", out.toString());
        Outcome again = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "20",
                "--store", url, "--data-dir", TestData.directory().toString(), "--out", out.toString());
        Outcome resumed = CliRun.run(INJECTOR, "resume", "--store", url, "--out", out.toString());

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(out.resolve("trials.db")).doesNotExist();
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a search").doesNotContain("password");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("20 finished trials kept, 0 interrupted trials to run again");
        try (JdbcTrialStore store = JdbcTrialStore.open(url)) {
            assertThat(store.trials()).hasSize(20).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
            assertThat(store.attribute("kind")).contains("tabular");
        }
    }

    private static String[] with(List<String> args, String... more) {
        return Stream.concat(args.stream(), Stream.of(more)).toArray(String[]::new);
    }

    private static List<String> genomes(List<TrialRecord> trials) {
        return trials.stream().map(TrialRecord::genome).toList();
    }

    private static List<TrialRecord> trials(Path out) {
        try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(out.resolve("trials.db")),
                JdbcTrialStore.Options.defaults().existingOnly())) {
            return store.trials();
        }
    }

    /** The {@code nas} main class in a child JVM with this JVM's class path. */
    static Process startCli(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                NasCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until the child's store holds {@code count} finished trials, reading it the way any other
     * process may while the search writes (WAL readers never block the writer).
     */
    static int waitForFinishedTrials(Process child, Path database, int count) throws InterruptedException {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        while (true) {
            assertThat(child.isAlive()).as("the search ended before it could be killed; raise the budget").isTrue();
            if (Files.exists(database)) {
                try (Connection connection = readOnly.createConnection("jdbc:sqlite:" + database);
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery(
                             "SELECT count(*) FROM trials WHERE state IN ('COMPLETE', 'FAILED', 'PRUNED')")) {
                    rows.next();
                    int finished = rows.getInt(1);
                    if (finished >= count) {
                        return finished;
                    }
                } catch (SQLException e) {
                    // the child has not created its tables yet
                }
            }
            Thread.sleep(10);
        }
    }
}
