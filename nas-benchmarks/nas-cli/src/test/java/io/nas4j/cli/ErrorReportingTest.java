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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the command line reports what goes wrong: what the user can fix (an output folder that cannot be made, a
 * full disk) in one sentence with status 2, a failure of the run itself in one paragraph with status 1 and its
 * stack trace in a file the paragraph names, and never a character of the input that a terminal would obey.
 */
class ErrorReportingTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final String CLEAR_SCREEN = "\u001B[2J";

    @TempDir
    Path folder;

    @Test
    void aControlSequenceInAValueIsShownEscapedNotSentToTheTerminal() {
        Outcome outcome = search("--strategy", CLEAR_SCREEN + "x\ny");

        assertOneSentence(outcome);
        assertThat(outcome.err()).startsWith("nas search: --strategy \\u001B[2Jx\\ny is unknown; allowed: ");
    }

    @Test
    void aControlSequenceInAValueTheLibraryChecksIsShownEscaped() {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--strategy", CLEAR_SCREEN, "--out", folder.resolve("s").toString());

        assertOneSentence(outcome);
        assertThat(outcome.err()).startsWith("nas search: --strategy \\u001B[2J is unknown; allowed: ");
    }

    @Test
    void aControlSequenceInAnUnknownOptionIsShownEscaped() {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--" + CLEAR_SCREEN);

        assertOneSentence(outcome);
        assertThat(outcome.err()).startsWith("nas search: Unknown option: '--\\u001B[2J'");
    }

    @Test
    void aControlSequenceInAValuePicocliRefusesIsShownEscaped() {
        Outcome outcome = CliRun.run(INJECTOR, "search", "--budget", "\u0007" + CLEAR_SCREEN);

        assertOneSentence(outcome);
        assertThat(outcome.err()).startsWith("nas search: Invalid value for option '--budget': '\\u0007\\u001B[2J' is not an int");
    }

    @Test
    void anOutputFolderUnderAFileIsRefusedBeforeTheSearchRuns() throws IOException {
        Path file = Files.writeString(folder.resolve("f"), "a file");

        Outcome outcome = search("--out", file.resolve("x").toString());

        assertOneSentence(outcome);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --out " + file.resolve("x") + " cannot be created: "
                + file + " is a file, not a folder");
    }

    @Test
    void anOutputFolderWithANameLongerThanAFileSystemAllowsIsRefused() {
        Path out = folder.resolve("n".repeat(300));

        Outcome outcome = search("--out", out.toString());

        assertOneSentence(outcome);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --out " + out + " cannot be created: a name in it is"
                + " longer than the 255 bytes a file system allows");
    }

    @Test
    void anOutputFolderInAFolderThatIsNotWritableIsRefused() throws IOException {
        Path locked = Files.createDirectory(folder.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "skipped: this user (root) may write into a folder without write permission");

            Outcome outcome = search("--out", locked.resolve("x").toString());

            assertOneSentence(outcome);
            assertThat(outcome.err().strip()).isEqualTo("nas search: --out " + locked.resolve("x") + " cannot be created:"
                    + " the folder " + locked + " is not writable");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aStoreThatFillsUpIsOneSentenceWithoutATrace() throws IOException {
        Path out = Files.createDirectory(folder.resolve("full"));

        // SQLite reports SQLITE_FULL once the database reaches max_page_count, as on a full disk
        Outcome outcome = search("--budget", "3000", "--out", out.toString(),
                "--store", "jdbc:sqlite:" + out.resolve("trials.db") + "?max_page_count=40");

        assertOneSentenceAfterProgress(outcome);
        assertThat(lastLine(outcome)).startsWith("nas search: the disk is full (").contains("SQLITE_FULL")
                .endsWith("; free some space, then continue the search with nas resume");
    }

    @Test
    void aDiskThatFillsUpWhileBenchWritesIsOneSentenceWithoutATrace() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "skipped: there is no /dev/full, whose writes fail with 'No space left on device'");
        Path out = Files.createDirectory(folder.resolve("bench"));
        Files.createSymbolicLink(out.resolve("summary.json"), full);

        Outcome outcome = CliRun.run(INJECTOR, "bench", "--suite", "macro", "--strategies", "random", "--runs", "1",
                "--budget", "5", "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertOneSentenceAfterProgress(outcome);
        assertThat(lastLine(outcome)).startsWith("nas bench: the disk is full (")
                .contains("No space left on device").endsWith("); free some space and run it again");
    }

    @Test
    void aFailedRunIsOneParagraphNamingTheFileThatHoldsItsStackTrace() throws IOException {
        Path out = folder.resolve("broken");

        Outcome outcome = search("--strategy", "broken", "--out", out.toString());

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("nas search: the run failed: java.lang.IllegalStateException: this strategy"
                + " always fails (the stack trace is in " + out.resolve("nas-error.log") + ")" + System.lineSeparator());
        assertThat(Files.readString(out.resolve("nas-error.log")))
                .contains("java.lang.IllegalStateException: this strategy always fails", "\tat io.nas4j.");
    }

    @Test
    void whenNoOutFlagNamesAFolderTheStackTraceGoesToATemporaryFile() throws IOException {
        Path config = Files.writeString(folder.resolve("search.json"), "{\"out\": \"" + folder.resolve("from-config") + "\"}");

        Outcome outcome = CliRun.run(INJECTOR, "search", "--config", config.toString(), "--backend", "tabular",
                "--strategy", "broken", "--budget", "5", "--data-dir", TestData.directory().toString());

        assertThat(outcome.status()).isEqualTo(1);
        Matcher file = Pattern.compile("\\(the stack trace is in (.+)\\)").matcher(outcome.err().strip());
        assertThat(file.find()).as(outcome.err()).isTrue();
        Path trace = Path.of(file.group(1));
        try {
            assertThat(trace.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(Files.readString(trace)).contains("this strategy always fails", "\tat ");
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    @Test
    void benchRefusesAnOutputFolderUnderAFileBeforeRunningAnything() throws IOException {
        Path file = Files.writeString(folder.resolve("f"), "a file");

        Outcome outcome = CliRun.run(INJECTOR, "bench", "--suite", "macro", "--strategies", "broken", "--runs", "1",
                "--budget", "5", "--data-dir", TestData.directory().toString(), "--out", file.resolve("x").toString());

        assertOneSentence(outcome);
        assertThat(outcome.err().strip()).isEqualTo("nas bench: --out " + file.resolve("x") + " cannot be created: "
                + file + " is a file, not a folder");
    }

    @Test
    void benchKeepsTheStrategiesThatFinishedWhenALaterOneFails() throws IOException {
        Path out = folder.resolve("bench");

        Outcome outcome = CliRun.run(INJECTOR, "bench", "--suite", "macro", "--strategies", "random,broken", "--runs", "2",
                "--budget", "5", "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(1);
        JsonNode summary = JsonMapper.builder().build().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("strategies").fieldNames()).toIterable().containsExactly("random");
        assertThat(summary.get("strategies").get("random").get("checkpoints").get("5").get("mean").isNumber()).isTrue();
        assertThat(out.resolve("report.md")).content().contains("| random |");
    }

    private Outcome search(String... args) {
        String[] all = new String[args.length + 7];
        System.arraycopy(new String[] {"search", "--backend", "tabular", "--space", "macro", "--data-dir",
                TestData.directory().toString()}, 0, all, 0, 7);
        System.arraycopy(args, 0, all, 7, args.length);
        return CliRun.run(INJECTOR, all);
    }

    /** The progress lines of what ran, then one sentence. */
    private static void assertOneSentenceAfterProgress(Outcome outcome) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines().filter(line -> line.startsWith("nas ")).count()).as(outcome.err()).isOne();
        assertThat(outcome.err()).doesNotContain("\tat ", "Caused by");
        assertThat(outcome.out()).isEmpty();
    }

    private static String lastLine(Outcome outcome) {
        return outcome.err().strip().lines().reduce((first, second) -> second).orElse("");
    }

    private static void assertOneSentence(Outcome outcome) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip().lines()).as("one line: " + outcome.err()).hasSize(1);
        assertThat(outcome.err()).doesNotContain("\tat ", "\u001B", "\u0007");
        assertThat(outcome.out()).isEmpty();
    }
}
