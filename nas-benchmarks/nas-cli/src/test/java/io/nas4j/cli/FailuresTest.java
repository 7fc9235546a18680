package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Failures the user can fix are told apart from failures of the run, however deep the library wrapped them. */
class FailuresTest {

    @TempDir
    Path folder;

    @Test
    void aFileThatCannotBeWrittenForAReasonTheUserControlsNamesTheFileAndTheReason() throws IOException {
        Path taken = Files.createDirectory(folder.resolve("result.json"));
        IOException failure = catchThrowableOfType(() -> Files.writeString(taken, "{}"), IOException.class);

        assertThat(Failures.fileSystem(new IllegalStateException("writing the result", new UncheckedIOException(failure))))
                .contains(taken + ": is a directory");
    }

    @Test
    void aWriteToAFullDeviceIsAFullDisk() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "skipped: there is no /dev/full, whose writes fail with 'No space left on device'");
        IOException failure = catchThrowableOfType(() -> Files.writeString(full, "x"), IOException.class);

        assertThat(Failures.diskFull(new UncheckedIOException("cannot write the summary", failure)))
                .contains("cannot write the summary");
    }

    @Test
    void anOrdinaryFailureIsNeitherAFullDiskNorTheUsersToFix() {
        IllegalStateException failure = new IllegalStateException("this strategy always fails");

        assertThat(Failures.diskFull(failure)).isEmpty();
        assertThat(Failures.fileSystem(failure)).isEmpty();
        assertThat(Failures.userInput(failure)).isEmpty();
    }

    @Test
    void aUserMistakeWrappedByTheLibraryIsStillTheUsers() {
        UserInputException mistake = new UserInputException("--budget must be at least 1, got 0");

        assertThat(Failures.userInput(new IllegalStateException("the search failed", mistake))).contains(mistake);
    }

    @Test
    void aParagraphIsOneLineWithoutCharactersThatDoNotPrint() {
        assertThat(Failures.paragraph("first line\n  second\u001B[2J line")).isEqualTo("first line second\\u001B[2J line");
        assertThat(Failures.paragraph("x".repeat(1_000))).hasSize(603).endsWith("...");
    }
}
