package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of {@code --executor spark} on a laptop: {@code nas search --executor spark --master local[2]}
 * in a JVM with the Spark jars Maven resolved (what {@code ./nas} starts) trains on the embedded digits with no
 * database server: the driver commits what the tasks return to {@code DIR/trials.db}.
 */
class SparkSearchCommandTest {

    @TempDir
    Path folder;

    @Test
    void aLocalSparkSearchWritesItsResultAndRecordsEachTrialOnce() throws Exception {
        Path out = folder.resolve("run");
        try (SparkProcesses spark = SparkProcesses.in(folder)) {
            Process nas = spark.nas("nas", List.of(), "search", "--executor", "spark", "--master", "local[2]",
                    "--budget", "4", "--epochs", "1", "--final-epochs", "1", "--out", out.toString());
            assertThat(nas.waitFor(170, TimeUnit.SECONDS)).as("nas ended within 170 s").isTrue();
            assertThat(nas.exitValue()).as(Files.readString(spark.log("nas"))).isZero();
        }

        JsonNode result = new JsonMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.at("/best/test/accuracy").asDouble(-1)).isBetween(0.0, 1.0);
        List<String> trials = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("trials.db"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, state, attempt, worker FROM trials ORDER BY id")) {
            while (rows.next()) {
                trials.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getInt(3));
                assertThat(rows.getString(4)).as("who ran trial %d", rows.getLong(1)).contains("#spark executor driver task attempt");
            }
        }
        assertThat(trials).containsExactly("0 COMPLETE 1", "1 COMPLETE 1", "2 COMPLETE 1", "3 COMPLETE 1");
    }

    @Test
    void aKilledSparkSearchResumesOnSparkAndAJvmWithoutSparkSaysSoInOneSentence() throws Exception {
        Path out = folder.resolve("resumed");
        Path database = out.resolve("trials.db");
        try (SparkProcesses spark = SparkProcesses.in(folder)) {
            Process search = spark.nas("killed", List.of(), "search", "--executor", "spark", "--master", "local[1]",
                    "--workers", "1", "--budget", "5", "--epochs", "1", "--final-epochs", "1", "--seed", "3",
                    "--out", out.toString());
            KillAndResumeTest.waitForFinishedTrials(search, database, 2);
            SparkProcesses.kill(search);
            search.waitFor();

            CliRun.Outcome withoutSpark = CliRun.run(com.google.inject.Guice.createInjector(new io.nas4j.cli.wiring.NasModule()),
                    "resume", "--out", out.toString());
            assertThat(withoutSpark.status()).as(withoutSpark.err()).isEqualTo(2);
            assertThat(withoutSpark.err().strip()).startsWith("nas resume: the search in ").endsWith(
                    " runs its trials on Spark (master local[1]), which is not on this class path; resume it through "
                            + "./nas or spark-submit, or give --executor local to run the rest here");

            Process resumed = spark.nas("resumed", List.of(), "resume", "--out", out.toString());
            assertThat(resumed.waitFor(170, TimeUnit.SECONDS)).as("resume ended within 170 s").isTrue();
            assertThat(resumed.exitValue()).as(Files.readString(spark.log("resumed"))).isZero();
        }

        List<String> trials = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, state, worker FROM trials ORDER BY id")) {
            while (rows.next()) {
                trials.add(rows.getLong(1) + " " + rows.getString(2));
                assertThat(rows.getString(3)).as("who ran trial %d", rows.getLong(1)).contains("#spark executor driver task attempt");
            }
        }
        assertThat(trials).as("every trial recorded once, the resumed ones on Spark too")
                .containsExactly("0 COMPLETE", "1 COMPLETE", "2 COMPLETE", "3 COMPLETE", "4 COMPLETE");
        assertThat(new JsonMapper().readTree(out.resolve("result.json").toFile()).at("/best/test/accuracy").asDouble(-1))
                .isBetween(0.0, 1.0);
    }

    @Test
    void aStandaloneMasterThatCannotBeReachedIsOneSentenceAndStatusTwo() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        try (SparkProcesses spark = SparkProcesses.in(folder)) {
            Process nas = spark.nas("unreachable", List.of(), "search", "--executor", "spark", "--master", master,
                    "--budget", "2", "--epochs", "1", "--out", folder.resolve("none").toString());
            assertThat(nas.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(spark.log("unreachable"));
            assertThat(nas.exitValue()).as(log).isEqualTo(2);
            assertThat(log.strip()).isEqualTo("nas search: --master " + master + " cannot be reached at 127.0.0.1:" + port
                    + " (Connection refused); start the Spark master there or give the URL its web page shows (spark://host:7077)");
        }
    }
}
