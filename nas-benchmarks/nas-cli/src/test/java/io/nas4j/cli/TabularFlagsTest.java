package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tabular search honours every flag it accepts and refuses, by name and before anything runs, every flag it
 * cannot honour, whatever its value: nothing asked for is silently ignored.
 */
class TabularFlagsTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--early-stop|bogus|--early-stop needs a training backend; the tabular backend looks trials up",
            "--data-fraction|NaN|--data-fraction needs a training backend; the tabular backend looks trials up",
            "--epochs|-5|--epochs needs a training backend; the tabular backend looks trials up",
            "--width-multiplier|Infinity|--width-multiplier needs a training backend; the tabular backend looks trials up",
            "--final-share|7|--final-share needs a training backend; the tabular backend looks trials up",
            "--max-params|-1|--max-params needs a training backend; the tabular backend looks trials up",
            "--final-epochs|3|--final-epochs needs a training backend; the tabular backend looks trials up",
            "--batch-size|32|--batch-size needs a training backend; the tabular backend looks trials up",
            "--learning-rate|0.1|--learning-rate needs a training backend; the tabular backend looks trials up",
            "--max-macs|1000|--max-macs needs a training backend; the tabular backend looks trials up",
            "--workers|-3|--workers needs a training backend or --executor spark; the tabular backend looks trials up"
                    + " one after another in this process",
            "--workers|2|--workers needs a training backend or --executor spark; the tabular backend looks trials up"
                    + " one after another in this process",
            "--task|detection|--task detection needs a training backend; the tables of the tabular backend hold"
                    + " classification results",
            "--task|volumetric|--task volumetric needs a training backend; the tables of the tabular backend hold"
                    + " classification results",
            "--time-limit|-5m|--time-limit -5m is not a duration; write e.g. 90s, 30m, 2h or PT30M",
            "--time-limit|0s|--time-limit must be at least 1 second, got 0s",
    })
    void aFlagATabularSearchCannotHonourIsRefusedByNameBeforeAnythingRuns(String flag, String value, String message) {
        Path out = folder.resolve("search");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--budget", "20",
                flag, value, "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("nas search: " + message + System.lineSeparator());
        assertThat(outcome.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aSettingFromAConfigFileIsRefusedByItsFlagToo() throws IOException {
        Path config = Files.writeString(folder.resolve("search.json"), "{\"backend\": \"tabular\", \"epochs\": 3}");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--config", config.toString(),
                "--data-dir", TestData.directory().toString(), "--out", folder.resolve("search").toString());

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --epochs needs a training backend; the tabular backend"
                + " looks trials up");
    }

    @Test
    void theClassificationTaskAndNoProxyAreWhatATabularSearchDoesAnywayAndPass() throws IOException {
        Path out = folder.resolve("search");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--budget", "5",
                "--task", "classification", "--proxy", "none", "--data-dir", TestData.directory().toString(),
                "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(JSON.readTree(out.resolve("result.json").toFile()).get("trials").asInt()).isEqualTo(5);
    }

    @Test
    void aTimeLimitStopsTheSearchAndIsRecordedInTheResultAndTheStore() throws IOException, SQLException {
        Path out = folder.resolve("search");

        // 8,000 trials take half a minute here; the time limit ends the search long before
        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--budget", "8000",
                "--time-limit", "1s", "--seed", "7", "--data-dir", TestData.directory().toString(),
                "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(result.get("trials").asInt()).isBetween(1, 7_999);
        assertThat(result.get("config").get("timeLimit").asText()).isEqualTo("1s");
        assertThat(JSON.readTree(storedAttribute(out.resolve("trials.db"), "config")).get("timeLimit").asText())
                .isEqualTo("1s");
        assertThat(outcome.err()).contains("the search stopped after " + result.get("trials").asInt()
                + " of 8000 trials: its time limit of 1s was reached");
    }

    @Test
    void aResumedSearchCountsItsProgressOnFromTheTrialsAlreadyDone() throws IOException, SQLException {
        Path out = folder.resolve("search");
        Outcome first = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--budget", "10",
                "--seed", "3", "--data-dir", TestData.directory().toString(), "--out", out.toString());
        assertThat(first.status()).as(first.err()).isZero();
        // as a search killed after its sixth trial leaves its store
        execute(out.resolve("trials.db"), "DELETE FROM trials WHERE id >= 6");

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());

        assertThat(resumed.status()).as(resumed.err()).isZero();
        List<String> progress = resumed.err().lines().filter(line -> line.startsWith("search nb201: ")).toList();
        assertThat(progress).first().asString().startsWith("search nb201: 7/10 trials");
        assertThat(progress).last().asString().startsWith("search nb201: 10/10 trials");
        assertThat(JSON.readTree(out.resolve("result.json").toFile()).get("trials").asInt()).isEqualTo(10);
    }

    private static String storedAttribute(Path database, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value FROM search_attributes WHERE name = '" + name + "'")) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            assertThat(values).hasSize(1);
            return values.get(0);
        }
    }

    private static void execute(Path database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
