package io.nas4j.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The options that commands share (mixins) are described in each command's help in that command's words. */
class SharedOptionsTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());

    static Stream<Arguments> helpOfEachCommand() {
        return Stream.of(
                Arguments.of("search", List.of(
                        "--seed=N seed (default 0)",
                        "--data-dir=DIR the folder holding the data files, or its parent",
                        "--out=DIR output folder (default runs/search-<space>)",
                        "--max-attempts=N attempts of a trial whose worker died before it is recorded as failed (default 2)",
                        "--executor=E where trials run: local",
                        "--config=FILE a JSON or YAML file with these settings",
                        "--set=KEY=VALUE a strategy setting, repeatable")),
                Arguments.of("bench", List.of(
                        "--data-dir=DIR the folder holding the benchmark files, or its parent",
                        "--out=DIR output folder (default runs/bench-<suite>)",
                        "--seed=N base seed (default 0)",
                        "--config=FILE a JSON or YAML file with these settings",
                        "--set=KEY=VALUE a strategy setting: strategy.key=value, or key=value for every strategy that has it")),
                Arguments.of("resume", List.of(
                        "--store=URL the search's store when it is not DIR/trials.db",
                        "--max-attempts=N attempts of a trial whose worker died (default: what the search was started with)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helpOfEachCommand")
    void eachCommandDescribesTheSharedOptionsInItsOwnWords(String command, List<String> descriptions) {
        Outcome outcome = CliRun.run(INJECTOR, command, "--help");

        assertThat(outcome.status()).isZero();
        assertThat(outcome.out().replaceAll("\\s+", " ")).contains(descriptions);
    }
}
