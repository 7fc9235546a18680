package io.nas4j.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stores that nas4j did not write as they are (changed by hand, damaged, of a newer nas4j, or never on disk):
 * {@code resume} and {@code serve} refuse each with the same one sentence naming what is wrong in the store and
 * exit status 2, never a stack trace, and leave the store as it was.
 *
 * <p>{@code serve} is given a port that is taken: it would refuse that too, but only after the store checks, so a
 * store it failed to check would show as a sentence about the port instead of the store.
 */
class DamagedStoreTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static Path root;
    private static Path finished;
    private static int copies;

    @BeforeAll
    static void aFinishedSearch() throws IOException {
        root = Files.createTempDirectory("nas4j-damaged");
        finished = root.resolve("finished");
        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--budget", "20",
                "--seed", "7", "--data-dir", TestData.directory().toString(), "--out", finished.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();
    }

    @Test
    void aNewerSchemaIsRefusedByResumeAndServeWithTheSameSentence() throws Exception {
        Path out = copy("INSERT INTO schema_version (version, script, applied_at) VALUES (999, 'V999__future.sql', 'later')");

        String sentence = refusedByBoth(out);

        assertThat(sentence).isEqualTo("cannot read the trial store " + store(out) + ": it has schema version 999, newer "
                + "than this nas4j knows (2); use a newer nas4j");
    }

    @Test
    void aStartTimeThatIsNoTimeIsRefused() throws Exception {
        Path out = copy("UPDATE trials SET started_at = 'yesterday' WHERE id = 3");

        assertThat(refusedByBoth(out)).isEqualTo("cannot read the trial store " + store(out) + ": trial 3 has started_at "
                + "'yesterday', which is not an instant such as 2024-05-01T12:00:00Z");
    }

    @Test
    void aQueuedTrialThatWasToldIsRefused() throws Exception {
        Path out = copy("UPDATE trials SET state = 'QUEUED' WHERE id = 3");

        assertThat(refusedByBoth(out)).isEqualTo("the store " + store(out) + " is damaged: trial 3 is QUEUED but was told "
                + "to the strategy (tell index 3); only a finished trial is told");
    }

    @Test
    void aBudgetOfMinusOneIsRefused() throws Exception {
        Path out = copy();
        editConfig(out, config -> config.put("budget", -1));

        assertThat(refusedByBoth(out)).isEqualTo("the store " + store(out) + " holds a search with budget -1; a search "
                + "runs at least 1 trial");
    }

    @Test
    void aTrialChangedByHandDoesNotReplayAndResumeSaysSo() throws Exception {
        Path out = copy("UPDATE trials SET genome = (SELECT genome FROM trials WHERE id = 5), "
                + "genome_key = (SELECT genome_key FROM trials WHERE id = 5) WHERE id = 3");

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());

        // the replay comes after the store is taken over, which says so first
        assertThat(resumed.status()).as(resumed.err()).isEqualTo(2);
        assertThat(resumed.err().strip().lines()).hasSize(2).first().asString().startsWith("resuming the search in ");
        assertThat(resumed.err()).doesNotContain("\tat ", "Exception");
        assertThat(resumed.err().strip().lines().toList().get(1)).startsWith("nas resume: the stored search does not "
                + "replay with this strategy and seed: trial 3 was ")
                .endsWith("; the store was changed, or written by another version of the strategy");
    }

    @Test
    void aStoredTrainingConfigurationThatIsNotValidIsRefusedNamingItsField() throws Exception {
        Path out = copy("UPDATE search_attributes SET value = 'training' WHERE name = 'kind'");
        editConfig(out, config -> {
            config.removeAll();
            config.put("backend", "djl").put("budget", 2).put("epochs", -5).put("out", out.toString());
        });

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());

        assertOneSentence(resumed);
        assertThat(resumed.err().strip()).startsWith("nas resume: the stored configuration of " + store(out)
                + " is not valid: epochs ").doesNotContain("--epochs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file:trials?mode=memory&cache=shared"})
    void aStoreInMemoryIsRefusedBecauseTheSearchCouldNeverBeResumed(String url) {
        Path out = root.resolve("memory-" + (copies++));

        Outcome search = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "3",
                "--store", url, "--data-dir", TestData.directory().toString(), "--out", out.toString());
        Outcome resume = CliRun.run(INJECTOR, "resume", "--store", url, "--out", finished.toString());

        String sentence = "--store " + url + " keeps the trials in memory only, so the search could never be resumed; "
                + "give jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE";
        assertOneSentence(search);
        assertThat(search.err().strip()).isEqualTo("nas search: " + sentence);
        assertOneSentence(resume);
        assertThat(resume.err().strip()).isEqualTo("nas resume: " + sentence);
        assertThat(out).doesNotExist();
    }

    /** Runs resume and serve on the folder; both refuse it with one sentence, the same one, which is returned. */
    private static String refusedByBoth(Path out) throws IOException {
        byte[] before = Files.readAllBytes(out.resolve("trials.db"));
        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());
        Outcome served;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            served = CliRun.run(INJECTOR, "serve", "--out", out.toString(), "--port", Integer.toString(taken.getLocalPort()));
        }

        assertOneSentence(resumed);
        assertOneSentence(served);
        assertThat(resumed.err().strip()).startsWith("nas resume: ");
        assertThat(served.err().strip()).startsWith("nas serve: ");
        String sentence = resumed.err().strip().substring("nas resume: ".length());
        assertThat(served.err().strip().substring("nas serve: ".length())).isEqualTo(sentence);
        assertThat(out.resolve("trials.db")).as("the store is left as it was").hasBinaryContent(before);
        return sentence;
    }

    private static void assertOneSentence(Outcome outcome) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip().lines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).doesNotContain("\tat ", "Exception");
    }

    private static String store(Path out) {
        return out.toAbsolutePath().normalize().resolve("trials.db").toString();
    }

    /** A copy of the finished search's folder, its store changed by {@code statements}; the copy owns its store. */
    private static Path copy(String... statements) throws IOException, SQLException {
        Path out = Files.createDirectories(root.resolve("copy-" + (copies++)));
        Files.copy(finished.resolve("trials.db"), out.resolve("trials.db"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("trials.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE search_attributes SET value = '" + out.toAbsolutePath().normalize()
                    + "' WHERE name = 'output'");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return out;
    }

    private static void editConfig(Path out, java.util.function.Consumer<ObjectNode> edit) throws IOException, SQLException {
        JsonMapper json = JsonMapper.builder().build();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("trials.db"))) {
            String text;
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT value FROM search_attributes WHERE name = 'config'")) {
                row.next();
                text = row.getString(1);
            }
            ObjectNode config = (ObjectNode) json.readTree(text);
            edit.accept(config);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE search_attributes SET value = ? WHERE name = 'config'")) {
                update.setString(1, json.writeValueAsString(config));
                update.executeUpdate();
            }
        }
    }
}
