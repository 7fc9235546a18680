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
}
