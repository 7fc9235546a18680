package io.nas4j.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A user's mistake names the setting at fault in the library's words, and a host can rename it. */
class UserInputExceptionTest {

    @Test
    void theMessageNamesTheFieldAndItsValue() {
        UserInputException e = UserInputException.of("dataFraction", "{dataFraction} must be in (0, 1], got {}", Double.NaN);

        assertThat(e.field()).contains("dataFraction");
        assertThat(e).hasMessage("dataFraction must be in (0, 1], got NaN");
    }

    @Test
    void aHostRenamesEveryReferencedSettingAndNoValue() {
        UserInputException e = UserInputException.of("dataset",
                "{dataset} {} is unknown for {task} volumetric; allowed: {}", "{task}", "mricron-atlas, medmnist3d");

        assertThat(e).hasMessage("dataset {task} is unknown for task volumetric; allowed: mricron-atlas, medmnist3d");
        assertThat(e.message(name -> "--" + name))
                .isEqualTo("--dataset {task} is unknown for --task volumetric; allowed: mricron-atlas, medmnist3d");
    }

    @Test
    void bracesThatAreNoReferenceStayAsWritten() {
        UserInputException e = UserInputException.of("budget", "{budget} {x-y} { } {");

        assertThat(e.message(name -> "--" + name)).isEqualTo("--budget {x-y} { } {");
    }

    @Test
    void aPlainMessageHasNoFieldAndIsNotRenamed() {
        UserInputException e = new UserInputException("trials.csv line 3 has 2 fields");

        assertThat(e.field()).isEmpty();
        assertThat(e.message(name -> "--" + name)).isEqualTo("trials.csv line 3 has 2 fields");
    }

    @Test
    void aCauseCanBeAttached() {
        IOException cause = new IOException("gone");

        assertThat(UserInputException.of("dataDir", "{dataDir}: {}", cause.getMessage()).causedBy(cause)).hasCause(cause);
    }

    @Test
    void aTemplateMustUseEveryValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> UserInputException.of("budget", "{budget} {}", 1, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> UserInputException.of("budget", "{budget} {} {}", 1));
    }

    @Test
    void valuesThatDoNotPrintAreEscapedSoATerminalShowsThemInsteadOfObeyingThem() {
        UserInputException e = UserInputException.of("strategy", "{strategy} {} is unknown", "\u001B[2J\tx\ny\u202Ez\u0000");

        assertThat(e).hasMessage("strategy \\u001B[2J\\tx\\ny\\u202Ez\\u0000 is unknown");
    }

    @Test
    void printableTextIsLeftAsItIs() {
        String text = "runs/é 漢字 😀 {x} \\ ~";

        assertThat(UserInputException.printable(text)).isSameAs(text);
    }

    @Test
    void aLoneSurrogateIsEscapedAndAPairIsKept() {
        assertThat(UserInputException.printable("a\uD800b\uD83D\uDE00")).isEqualTo("a\\uD800b\uD83D\uDE00");
    }
}
