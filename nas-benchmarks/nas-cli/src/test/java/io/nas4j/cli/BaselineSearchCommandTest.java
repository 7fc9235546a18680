package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code nas search --baseline NAME [--repeat N]} on the embedded digits: the hand-designed network trained with
 * the search's wall time next to the searched one, and several seeds compared pair by pair.
 */
class BaselineSearchCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path folder;

    @Test
    void theBaselineGetsTheSearchsWallTimeAndIsComparedInTheResultAndTheReport() throws Exception {
        Path out = folder.resolve("resnet");
        Outcome search = CliRun.run(INJECTOR, "search", "--budget", "2", "--epochs", "1", "--final-epochs", "1",
                "--workers", "0", "--seed", "4", "--baseline", "resnet8", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.err()).contains("training the baseline resnet8 with the search's time (", "baseline resnet8: 1/");
        assertThat(search.out()).contains("baseline resnet8 (ResNet-8: ", "the search's time), 77,754 parameters;"
                + " searched network ");
        JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
        JsonNode baseline = result.get("baseline");
        assertThat(baseline.get("name").asText()).isEqualTo("resnet8");
        assertThat(baseline.get("parameters").asLong()).isEqualTo(77_754);
        // the budget is what the search took, candidates and final training included
        assertThat(baseline.get("budgetSeconds").asDouble()).isEqualTo(result.get("seconds").asDouble(), within(0.002));
        assertThat(baseline.get("epochs").asInt()).isBetween(1, 200);
        assertThat(baseline.get("test").get("examples").asInt()).isEqualTo(359);
        double searched = result.get("best").get("test").get("accuracy").asDouble();
        double hand = baseline.get("test").get("accuracy").asDouble();
        assertThat(hand).isGreaterThan(0.1);
        assertThat(baseline.get("searchedMinusBaseline").asDouble()).isEqualTo(searched - hand);
        assertThat(baseline.get("searchedWins").asBoolean()).isEqualTo(searched > hand);
        assertThat(result.get("config").get("baseline").asText()).isEqualTo("resnet8");

        JsonNode report = ReportWritingTest.embedded(out.resolve("report.html")).get("result").get("baseline");
        assertThat(report.get("name").asText()).isEqualTo("resnet8");
        assertThat(report.get("value").asDouble()).isEqualTo(hand);
        assertThat(report.get("difference").asDouble()).isEqualTo(searched - hand);
    }

    @Test
    void aRepeatedSearchRunsOneSearchPerSeedAndComparesThemPairByPair() throws Exception {
        Path out = folder.resolve("repeated");
        Outcome search = CliRun.run(INJECTOR, "search", "--budget", "2", "--epochs", "1", "--final-epochs", "1",
                "--workers", "0", "--seed", "5", "--baseline", "lenet", "--repeat", "2", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("search 1 of 2, seed 5: " + out.resolve("seed-5"),
                "search 2 of 2, seed 6: " + out.resolve("seed-6"), "searched against lenet over 2 seeds (test accuracy):",
                "  seed 5: searched ", "  seed 6: searched ", " seeds", "wrote " + out.resolve("comparison.json"));
        List<Double> differences = new ArrayList<>();
        int wins = 0;
        for (long seed : new long[] {5, 6}) {
            JsonNode result = JSON.readTree(out.resolve("seed-" + seed).resolve("result.json").toFile());
            assertThat(result.get("config").get("seed").asLong()).isEqualTo(seed);
            double difference = result.get("baseline").get("searchedMinusBaseline").asDouble();
            differences.add(difference);
            wins += difference > 0 ? 1 : 0;
        }
        JsonNode comparison = JSON.readTree(out.resolve("comparison.json").toFile());
        assertThat(comparison.get("metric").asText()).isEqualTo("accuracy");
        assertThat(comparison.get("baseline").asText()).isEqualTo("lenet");
        assertThat(comparison.get("seeds").asInt()).isEqualTo(2);
        assertThat(comparison.get("pairs")).extracting(pair -> pair.get("seed").asLong()).containsExactly(5L, 6L);
        assertThat(comparison.get("pairs")).extracting(pair -> pair.get("difference").asDouble())
                .containsExactlyElementsOf(differences);
        assertThat(comparison.get("difference").get("mean").asDouble())
                .isEqualTo((differences.get(0) + differences.get(1)) / 2, within(1e-12));
        // the sample standard deviation of two values is their distance over the square root of 2
        assertThat(comparison.get("difference").get("std").asDouble())
                .isEqualTo(Math.abs(differences.get(0) - differences.get(1)) / Math.sqrt(2), within(1e-12));
        assertThat(comparison.get("searchedWins").asInt()).isEqualTo(wins);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--repeat 2|nas search: --repeat compares searches with a hand-designed --baseline seed by seed; name one,"
                    + " allowed here: lenet, resnet8, resnet20",
            "--repeat 0 --baseline lenet|nas search: --repeat must be at least 1, got 0",
            "--baseline vgg16|nas search: --baseline vgg16 is unknown for a classification search; allowed: none, lenet,"
                    + " resnet8, resnet20",
            "--task detection --baseline resnet8|nas search: --baseline resnet8 is unknown for a detection search;"
                    + " allowed: none, single-stage",
            "--repeat 2 --baseline lenet --store sqlite:STORE|nas search: --store holds one search; --repeat runs one"
                    + " search per seed, each with its own store in its folder, so leave --store out",
    })
    void badBaselineSettingsAreUsageErrorsNamingTheFlag(String flags, String message) {
        List<String> args = new ArrayList<>(List.of("search", "--workers", "0", "--out", folder.resolve("bad").toString()));
        for (String flag : flags.split(" ")) {
            args.add(flag.replace("STORE", folder.resolve("store.db").toString()));
        }

        Outcome outcome = CliRun.run(INJECTOR, args.toArray(String[]::new));

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(message);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(folder.resolve("bad").resolve("result.json")).doesNotExist();
    }
}
