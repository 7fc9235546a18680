package io.nas4j.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output folders: a new search never writes over what one holds (a folder with a result is refused like one with
 * a store), and a folder named by an empty or blank {@code --out} is refused rather than taken as the current one.
 */
class OutputFolderTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());

    @TempDir
    Path folder;

    @Test
    void aFolderWithAResultButNoStoreIsRefused() throws IOException {
        Path out = folder.resolve("kept-elsewhere");
        assertThat(tabular(out).status()).isZero();
        // what a search whose trials were kept in PostgreSQL, or a detection search, leaves
        Files.delete(out.resolve("trials.db"));
        byte[] result = Files.readAllBytes(out.resolve("result.json"));

        Outcome again = tabular(out);

        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("nas search: --out " + out + " already holds the result of a search ("
                + out.resolve("result.json") + "); choose another --out, or remove result.json to search there again");
        assertThat(out.resolve("result.json")).hasBinaryContent(result);
        assertThat(out.resolve("trials.db")).doesNotExist();
    }

    @Test
    void aFolderWithAResultIsRefusedWhateverStoreTheNewSearchUses() throws IOException {
        Path out = folder.resolve("with-result");
        assertThat(tabular(out).status()).isZero();
        byte[] result = Files.readAllBytes(out.resolve("result.json"));
        Path elsewhere = folder.resolve("elsewhere.db");

        Outcome again = tabular(out, "--store", "jdbc:sqlite:" + elsewhere);

        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("already holds the result of a search");
        assertThat(out.resolve("result.json")).hasBinaryContent(result);
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void aOneShotSearchRefusesAFolderWithAResultBeforeItTrains() throws IOException {
        Path out = Files.createDirectories(folder.resolve("one-shot"));
        Path result = Files.writeString(out.resolve("result.json"), "{\"best\": \"an earlier search's\"}");

        Outcome search = CliRun.run(INJECTOR, "search", "--strategy", "darts", "--space", "nb201", "--epochs", "1",
                "--out", out.toString());

        assertThat(search.status()).as(search.err()).isEqualTo(2);
        assertThat(search.err()).contains("already holds the result of a search").doesNotContain("epoch 1");
        assertThat(result).hasContent("{\"best\": \"an earlier search's\"}");
    }

    @ParameterizedTest(name = "{0} with --out \"{1}\"")
    @MethodSource("emptyFolderNames")
    void anEmptyOrBlankFolderNameIsRefused(String command, String name) throws IOException {
        String data = TestData.directory().toString();
        String[] args = switch (command) {
            case "search" -> new String[] {"search", "--backend", "tabular", "--space", "macro", "--budget", "3",
                    "--data-dir", data, "--out", name};
            case "training search" -> new String[] {"search", "--epochs", "1", "--budget", "1", "--out", name};
            case "bench" -> new String[] {"bench", "--suite", "macro", "--strategies", "random", "--runs", "1",
                    "--budget", "3", "--data-dir", data, "--out", name};
            case "export" -> new String[] {"export", "--format", "djl", "--out", name};
            default -> new String[] {command, "--out", name};
        };
        List<String> before = entries(Path.of(""));

        Outcome outcome = CliRun.run(INJECTOR, args);

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas " + args[0] + ": --out must name a folder, got an empty name; "
                + "give . for the current folder");
        assertThat(entries(Path.of(""))).as("nothing is written to the current directory").isEqualTo(before);
    }

    static Stream<Arguments> emptyFolderNames() {
        return Stream.of("search", "training search", "bench", "resume", "serve", "export")
                .flatMap(command -> Stream.of(Arguments.of(command, ""), Arguments.of(command, "   ")));
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory.toAbsolutePath())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Outcome tabular(Path out, String... more) {
        String[] args = {"search", "--backend", "tabular", "--space", "macro", "--budget", "5", "--data-dir",
                TestData.directory().toString(), "--out", out.toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return CliRun.run(INJECTOR, all);
    }
}
