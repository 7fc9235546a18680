package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.runner.training.TrainingSearchSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The library names fields; the command line shows the same sentence with its flags. */
class FlagsTest {

    @Test
    void aFieldIsNamedByItsFlag() {
        assertThat(Flags.of("dataFraction")).isEqualTo("--data-fraction");
        assertThat(Flags.of("dataDir")).isEqualTo("--data-dir");
        assertThat(Flags.of("maxParams")).isEqualTo("--max-params");
        assertThat(Flags.of("maxLatencyMs")).isEqualTo("--max-latency-ms");
        assertThat(Flags.of("timeLimit")).isEqualTo("--time-limit");
    }

    @Test
    void fieldsWhoseFlagsAreNotTheirNamesComeFromTheTable() {
        assertThat(Flags.of("settings")).isEqualTo("--set");
        assertThat(Flags.of("output")).isEqualTo("--out");
        assertThat(Flags.of("engine")).isEqualTo("--backend");
    }

    @Test
    void aFieldOutsideTheTableIsWrittenInKebabCase() {
        assertThat(Flags.of("maxAttempts")).isEqualTo("--max-attempts");
        assertThat(Flags.of("seed")).isEqualTo("--seed");
        assertThat(Flags.of("trialTimeout")).isEqualTo("--trial-timeout");
    }

    @Test
    void everyFlagInTheTableButTheRenamedOnesIsItsFieldInKebabCase() {
        Flags.BY_FIELD.forEach((field, flag) -> {
            if (!field.equals("settings") && !field.equals("output") && !field.equals("engine")) {
                assertThat(flag).as(field).isEqualTo("--" + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
            }
        });
    }

    @Test
    void theLibrarysMessageIsShownWithFlagsForEverySettingItNames() {
        UserInputException e = catchThrowableOfType(TrainingSearchSpec.builder().proxy("synflow").workers(2)::build,
                UserInputException.class);

        assertThat(e).hasMessage("proxy scores candidates in this process; leave workers out or set it to 0, got 2");
        assertThat(Flags.message(e)).isEqualTo("--proxy scores candidates in this process; leave --workers out or set it to 0,"
                + " got 2");
    }

    @Test
    void aMessageWithoutReferencesIsShownAsItIs() {
        assertThat(Flags.message(new UserInputException("config a.yaml is empty"))).isEqualTo("config a.yaml is empty");
        assertThat(Flags.message(UserInputException.of("dataset", "dataset {} is not part of NAS-Bench-201", "x")))
                .isEqualTo("dataset x is not part of NAS-Bench-201");
    }
}
