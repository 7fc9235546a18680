package io.nas4j.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --width-multiplier} and {@code --early-stop} (and their configuration keys) refuse bad values in one sentence. */
class LowFidelityFlagsTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--width-multiplier, 0, --width-multiplier must be in (0, 1]",
            "--width-multiplier, 1.5, --width-multiplier must be in (0, 1]",
            "--early-stop, banana, --early-stop",
            "config, '{\"earlyStop\": \"sometimes\"}', --early-stop",
            "config, '{\"widthMultiplier\": -1}', --width-multiplier must be in (0, 1]"})
    void badValuesExitWithStatus2AndNameTheFlag(String flag, String value, String message) throws Exception {
        String[] args;
        if (flag.equals("config")) {
            Path config = folder.resolve("config.json");
            Files.writeString(config, value);
            args = new String[] {"search", "--config", config.toString(), "--out", folder.resolve("out").toString()};
        } else {
            args = new String[] {"search", flag, value, "--out", folder.resolve("out").toString()};
        }

        Outcome outcome = CliRun.run(INJECTOR, args);

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains(message).doesNotContain("Exception");
    }
}
