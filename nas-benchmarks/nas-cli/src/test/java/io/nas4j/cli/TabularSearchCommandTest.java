package io.nas4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TabularSearch;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nas search --backend tabular} is a {@link TabularSearch}: the same seed gives the same trials. */
class TabularSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @Test
    void theCommandLineKeepsTheTrialsOfTheTabularSearchWithTheSameSeed() throws IOException, SQLException {
        Path out = folder.resolve("search");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--strategy",
                "random", "--seed", "4", "--dataset", "cifar100", "--budget", "25",
                "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        List<Map<String, Object>> expected = TabularSearch.builder(new CellSpace(), TestData.directory())
                .dataset("cifar100").strategy("random").seed(4)
                .plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(25))).build().run().trials().stream()
                .map(trial -> Map.<String, Object>of("genome", trial.genome(), "metrics", trial.metrics()))
                .toList();
        assertThat(storedTrials(out.resolve("trials.db"))).isEqualTo(expected);
    }

    @Test
    void theResultNamesTheBestTrialTheCommandLineFoundBeforeTheSearchMovedToTheLibrary() throws IOException {
        Path out = folder.resolve("search");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--strategy",
                "random", "--seed", "4", "--dataset", "cifar100", "--budget", "25",
                "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        JsonNode best = JSON.readTree(out.resolve("result.json").toFile()).get("best");
        assertThat(best.get("trial").asLong()).isEqualTo(23);
        assertThat(best.get("genome").asText())
                .isEqualTo("|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|skip_connect~1|skip_connect~2|");
        assertThat(best.get("metrics").get("accuracy").asDouble()).isEqualTo(54.139999981689456);
        assertThat(outcome.out()).startsWith("best: |skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|"
                + "skip_connect~1|skip_connect~2|  accuracy 54.14  test200 67.69");
    }

    private static List<Map<String, Object>> storedTrials(Path database) throws SQLException, IOException {
        List<Map<String, Object>> trials = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT genome, metrics FROM trials ORDER BY id")) {
            while (rows.next()) {
                Map<String, Double> metrics = JSON.readValue(rows.getString("metrics"), new TypeReference<>() { });
                trials.add(Map.of("genome", rows.getString("genome"), "metrics", metrics));
            }
        }
        return trials;
    }
}
