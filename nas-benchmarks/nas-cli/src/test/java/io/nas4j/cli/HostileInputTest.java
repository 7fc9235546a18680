package io.nas4j.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile configurations and command lines: every one ends with exit status 2 and one
 * sentence on standard error that names the problem, never a stack trace, and the trial store of an
 * earlier search next to them is left byte for byte as it was.
 */
class HostileInputTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final String UNREACHABLE_POSTGRES = "jdbc:postgresql://127.0.0.1:1/nas4j?user=nas4j&password=secret";

    private static Path root;
    private static Path existing;
    private static String checksumBefore;
    private static int caseNumber;

    @BeforeAll
    static void anEarlierSearch() throws IOException {
        root = Files.createTempDirectory("nas4j-hostile");
        existing = root.resolve("existing");
        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "8",
                "--data-dir", TestData.directory().toString(), "--out", existing.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();
        checksumBefore = checksum(existing.resolve("trials.db"));
    }

    @AfterAll
    static void theEarlierSearchsStoreIsUntouched() throws IOException {
        if (existing != null) {
            assertThat(checksum(existing.resolve("trials.db"))).isEqualTo(checksumBefore);
            assertThat(existing.resolve("trials.db-wal")).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithOneSentenceAndExitStatus2(String[] args) throws IOException {
        Outcome outcome = CliRun.run(INJECTOR, args);

        assertThat(outcome.status()).as(outcome.err() + outcome.out()).isEqualTo(2);
        String message = outcome.err().strip();
        assertThat(message.lines()).as("one line: " + outcome.err()).hasSize(1);
        assertThat(message).startsWith("nas").doesNotContain("\tat ", "Exception:", "secret");
        assertThat(message.length()).as(message).isLessThan(600);
        assertThat(outcome.out()).isEmpty();
        assertThat(checksum(existing.resolve("trials.db"))).as("the earlier search's store").isEqualTo(checksumBefore);
    }

    static Stream<Arguments> cases() throws IOException, SQLException {
        List<Arguments> cases = new ArrayList<>();
        String data = TestData.directory().toAbsolutePath().normalize().toString();

        // ---- configuration files given to nas search
        String[][] json = {
                {"unknown field", "{\"budgett\": 5}"},
                {"budget as text", "{\"budget\": \"ten\"}"},
                {"budget as a fraction", "{\"budget\": 2.5}"},
                {"budget as true", "{\"budget\": true}"},
                {"budget as a list", "{\"budget\": [5]}"},
                {"budget beyond int", "{\"budget\": 99999999999999999999}"},
                {"seed beyond long", "{\"seed\": 1e400}"},
                {"seed as text", "{\"seed\": \"seven\"}"},
                {"space as a number", "{\"space\": 5}"},
                {"space as an object", "{\"space\": {\"name\": \"nb201\"}}"},
                {"settings as a list", "{\"settings\": [1, 2]}"},
                {"trailing content", "{\"budget\": 5} and more"},
                {"duplicate key", "{\"budget\": 5, \"budget\": 6}"},
                {"top-level list", "[1, 2, 3]"},
                {"top-level text", "\"hello\""},
                {"top-level number", "42"},
                {"not JSON", "budget = 5"},
                {"truncated", "{\"budget\": "},
                {"comment", "// budget\n{\"budget\": 5}"},
                {"NaN token", "{\"learningRate\": NaN}"},
                {"polymorphic type hint", "{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"sh\"]}"},
                {"out as a number", "{\"out\": 5}"},
                {"deep nesting", "{\"settings\": {\"a\": " + "[".repeat(40) + "]".repeat(40) + "}}"},
                {"negative budget (tabular)", "{\"backend\": \"tabular\", \"budget\": -3}"},
                {"zero budget (training)", "{\"budget\": 0}"},
                {"negative learning rate", "{\"learningRate\": -1}"},
                {"huge learning rate", "{\"learningRate\": 1e300}"},
                {"zero data fraction", "{\"dataFraction\": 0}"},
                {"data fraction above one", "{\"dataFraction\": 1.5}"},
                {"workers beyond the limit", "{\"workers\": 100000}"},
                {"negative workers", "{\"workers\": -1}"},
                {"zero epochs", "{\"epochs\": 0}"},
                {"negative final epochs", "{\"finalEpochs\": -4}"},
                {"zero batch size", "{\"batchSize\": 0}"},
                {"zero parameters", "{\"maxParams\": 0}"},
                {"time limit no duration", "{\"timeLimit\": \"forever\"}"},
                {"time limit negative", "{\"timeLimit\": \"-5m\"}"},
                {"time limit zero", "{\"timeLimit\": \"0s\"}"},
                {"time limit beyond long", "{\"timeLimit\": \"99999999999999999999h\"}"},
                {"unknown space", "{\"space\": \"hexagonal\"}"},
                {"unknown strategy", "{\"strategy\": \"annealing\"}"},
                {"unknown backend", "{\"backend\": \"onnx\"}"},
                {"unknown task", "{\"task\": \"segmentation\"}"},
                {"unknown data set", "{\"dataset\": \"imagenet\"}"},
                {"unknown tabular data set", "{\"backend\": \"tabular\", \"dataset\": \"mnist\", \"dataDir\": \"" + data + "\"}"},
                {"tabular without a table for the space", "{\"backend\": \"tabular\", \"space\": \"chain\", \"dataDir\": \"" + data + "\"}"},
                {"missing data folder", "{\"backend\": \"tabular\", \"dataDir\": \"/nonexistent/nas4j-data\"}"},
                {"missing data folder (training)", "{\"dataset\": \"mnist\", \"dataDir\": \"/nonexistent/mnist\", \"epochs\": 1}"},
                {"unknown strategy setting", "{\"backend\": \"tabular\", \"strategy\": \"random\", \"settings\": {\"temperature\": 1}, \"dataDir\": \"" + data + "\"}"},
                {"bad strategy setting", "{\"backend\": \"tabular\", \"strategy\": \"regularized-evolution\", \"settings\": {\"population\": -4}, \"dataDir\": \"" + data + "\"}"},
                {"setting of the wrong type", "{\"backend\": \"tabular\", \"strategy\": \"regularized-evolution\", \"settings\": {\"population\": \"many\"}, \"dataDir\": \"" + data + "\"}"},
                {"output into the earlier search", "{\"backend\": \"tabular\", \"space\": \"macro\", \"dataDir\": \"" + data + "\", \"out\": \"" + existingLater() + "\"}"},
        };
        for (String[] entry : json) {
            cases.add(search("config " + entry[0], config(entry[1], ".json")));
        }
        String[][] yaml = {
                {"anchor bomb", bomb()},
                {"alias", "base: &b 5\nbudget: *b\n"},
                {"unknown field", "budgett: 5\n"},
                {"budget as a list", "budget: [1, 2]\n"},
                {"budget as a mapping", "budget: {value: 5}\n"},
                {"tab indentation", "settings:\n\tpopulation: 4\n"},
                {"duplicate key", "budget: 5\nbudget: 6\n"},
                {"two documents", "budget: 5\n---\nbudget: 6\n"},
                {"only comments", "# nothing here\n# at all\n"},
                {"java type tag", "space: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n"},
                {"budget beyond int", "budget: 1e999\n"},
                {"infinite budget", "budget: .inf\n"},
                {"negative budget", "backend: tabular\nbudget: -1\n"},
                {"deep nesting", "settings:\n" + nested(30)},
                {"unclosed quote", "space: \"nb201\n"},
                {"unclosed bracket", "settings: [1, 2\n"},
                {"a scalar document", "just words\n"},
                {"negative workers", "workers: -2\n"},
                {"unknown strategy", "strategy: simulated-annealing\n"},
        };
        for (String[] entry : yaml) {
            cases.add(search("yaml " + entry[0], config(entry[1], ".yaml")));
        }
        Path binary = root.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28, '{', '}'});
        cases.add(search("config not UTF-8", "--config", binary.toString()));
        Path binaryYaml = root.resolve("binary.yaml");
        Files.write(binaryYaml, new byte[] {'b', ':', ' ', (byte) 0xc3, 0x28, '\n'});
        cases.add(search("yaml not UTF-8", "--config", binaryYaml.toString()));
        Path large = root.resolve("large.json");
        Files.writeString(large, "{\"space\": \"" + "x".repeat(1_100_000) + "\"}");
        cases.add(search("config larger than a megabyte", "--config", large.toString()));
        Path folderConfig = Files.createDirectories(root.resolve("folder.json"));
        cases.add(search("config is a folder", "--config", folderConfig.toString()));
        cases.add(search("config missing", "--config", root.resolve("absent.yaml").toString()));
        cases.add(search("config of unknown format", "--config", Files.writeString(root.resolve("config.txt"), "budget: 5").toString()));
        cases.add(search("config empty", "--config", Files.writeString(root.resolve("empty.json"), "").toString()));
        cases.add(search("config blank", "--config", Files.writeString(root.resolve("blank.yaml"), "   \n\n").toString()));

        // ---- flags of nas search
        String[][] flags = {
                {"--bogus"},
                {"--budget", "abc"},
                {"--budget", "-1", "--backend", "tabular"},
                {"--budget", "0", "--backend", "tabular"},
                {"--budget", "0"},
                {"--budget", "99999999999"},
                {"--seed", "x"},
                {"--seed", "99999999999999999999999"},
                {"--epochs", "-2"},
                {"--final-epochs", "0"},
                {"--batch-size", "0"},
                {"--learning-rate", "NaN"},
                {"--learning-rate", "1e309"},
                {"--learning-rate", "zero"},
                {"--data-fraction", "2"},
                {"--data-fraction", "-0.5"},
                {"--workers", "65"},
                {"--workers", "-3"},
                {"--max-params", "-1"},
                {"--time-limit", "soon"},
                {"--time-limit", "0s"},
                {"--time-limit", "-1h"},
                {"--space", "banana"},
                {"--strategy", "banana"},
                {"--backend", "banana"},
                {"--dataset", "banana"},
                {"--dataset", "banana", "--backend", "tabular"},
                {"--task", "segmentation"},
                {"--backend", "tabular", "--data-dir", "/nonexistent/nas4j"},
                {"--backend", "tabular", "--data-dir", "FILE"},
                {"--backend", "tabular", "--data-dir", "EMPTY"},
                {"--backend", "tabular", "--space", "macro", "--data-dir", "EMPTY"},
                {"--backend", "tabular", "--space", "chain"},
                {"--set", "novalue"},
                {"--set", "=5"},
                {"--backend", "tabular", "--strategy", "regularized-evolution", "--set", "population=-1"},
                {"--backend", "tabular", "--strategy", "regularized-evolution", "--set", "population=lots"},
                {"--backend", "tabular", "--strategy", "random", "--set", "colour=blue"},
                {"--out", "FILE"},
                {"--store", "mysql://127.0.0.1/nas"},
                {"--store", "jdbc:mysql://admin:secret@127.0.0.1/nas"},
                {"--store", ""},
                {"--store", UNREACHABLE_POSTGRES},
                {"--store", "jdbc:sqlite:/nonexistent-folder/nas4j/trials.db"},
                {"--store", "jdbc:sqlite:EXISTING_STORE"},
                {"--max-attempts", "0"},
                {"--max-attempts", "1000"},
                {"--max-attempts", "two"},
                {"--out", "EXISTING"},
                {"--budget"},
                {"unexpected", "positional"},
                {"--executor", "yarn"},
                {"--executor", "spark", "--backend", "tabular"},
                {"--master", "local[2]", "--backend", "tabular"},
                {"--executor", "spark", "--master", "local[2]", "--backend", "tabular"},
                {"--executor", "spark", "--master", "local[2]"},
                {"--dataset", "mnist", "--data-dir", "/nonexistent/mnist", "--epochs", "1", "--workers", "0"},
                {"--dataset", "mnist", "--data-dir", "EMPTY", "--epochs", "1", "--workers", "0"},
        };
        Path file = Files.writeString(root.resolve("a-file"), "not a folder");
        Path empty = Files.createDirectories(root.resolve("empty-folder"));
        for (String[] entry : flags) {
            List<String> args = new ArrayList<>();
            boolean backendGiven = List.of(entry).contains("--backend");
            for (String arg : entry) {
                args.add(switch (arg) {
                    case "FILE" -> file.toString();
                    case "EMPTY" -> empty.toString();
                    case "EXISTING" -> existing.toString();
                    case "jdbc:sqlite:EXISTING_STORE" -> "jdbc:sqlite:" + existing.resolve("trials.db");
                    default -> arg;
                });
            }
            if (backendGiven && !List.of(entry).contains("--data-dir")) {
                args.addAll(List.of("--data-dir", data));
            }
            if (!List.of(entry).contains("--out") && entry.length > 1) {
                args.addAll(List.of("--out", root.resolve("run-" + (caseNumber++)).toString()));
            }
            args.add(0, "search");
            cases.add(Arguments.of(Named.of("search " + String.join(" ", entry), args.toArray(String[]::new))));
        }

        // ---- nas resume
        Path garbage = Files.createDirectories(root.resolve("garbage"));
        Files.writeString(garbage.resolve("trials.db"), "SQLite format 3? no, a shopping list\n".repeat(100));
        Path other = Files.createDirectories(root.resolve("other"));
        sql("jdbc:sqlite:" + other.resolve("trials.db"), "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
        String[][] resume = {
                {"resume"},
                {"resume", "--out", "/nonexistent/nas4j-run"},
                {"resume", "--out", "EMPTY"},
                {"resume", "--out", "FILE"},
                {"resume", "--out", "GARBAGE"},
                {"resume", "--out", "OTHER"},
                {"resume", "--out", "EXISTING", "--max-attempts", "0"},
                {"resume", "--out", "EXISTING", "--max-attempts", "x"},
                {"resume", "--out", "EXISTING", "--store", "mysql://127.0.0.1/nas"},
                {"resume", "--out", "EXISTING", "--store", UNREACHABLE_POSTGRES},
                {"resume", "--out", "EXISTING", "--store", "jdbc:sqlite:/nonexistent/trials.db"},
                {"resume", "--out", "EXISTING", "--bogus"},
                {"resume", "--out", "EXISTING", "--budget", "50"},
                {"resume", "--out", "EXISTING", "extra"},
        };
        for (String[] entry : resume) {
            List<String> args = new ArrayList<>();
            for (String arg : entry) {
                args.add(switch (arg) {
                    case "FILE" -> file.toString();
                    case "EMPTY" -> empty.toString();
                    case "EXISTING" -> existing.toString();
                    case "GARBAGE" -> garbage.toString();
                    case "OTHER" -> other.toString();
                    default -> arg;
                });
            }
            cases.add(Arguments.of(Named.of(String.join(" ", entry), args.toArray(String[]::new))));
        }
        // stores whose search description was tampered with
        String[][] tampered = {
                {"a polymorphic type hint", "UPDATE search_attributes SET value = '{\"@class\": \"java.lang.ProcessBuilder\"}' WHERE name = 'config'"},
                {"a configuration that is not JSON", "UPDATE search_attributes SET value = 'rm -rf /' WHERE name = 'config'"},
                {"an incomplete configuration", "UPDATE search_attributes SET value = '{\"backend\": \"tabular\"}' WHERE name = 'config'"},
                {"an unknown kind", "UPDATE search_attributes SET value = 'quantum' WHERE name = 'kind'"},
                {"no kind", "DELETE FROM search_attributes WHERE name = 'kind'"},
                {"attempts that are no number", "UPDATE search_attributes SET value = 'many' WHERE name = 'maxAttempts'"},
                {"attempts out of range", "UPDATE search_attributes SET value = '-4' WHERE name = 'maxAttempts'"},
                {"a data folder that is gone", "UPDATE search_attributes SET value = replace(value, '" + data + "', '/nonexistent/data') WHERE name = 'config'"},
                {"a space without a table", "UPDATE search_attributes SET value = replace(value, '\"space\":\"macro\"', '\"space\":\"chain\"') WHERE name = 'config'"},
                {"a newer schema", "INSERT INTO schema_version (version, script, applied_at) VALUES (99, 'V99__future.sql', 'later')"},
        };
        for (String[] entry : tampered) {
            Path copy = Files.createDirectories(root.resolve("tampered-" + (caseNumber++)));
            Files.copy(existing.resolve("trials.db"), copy.resolve("trials.db"));
            // the copy belongs to its folder, so that resume reaches what was tampered with
            sql("jdbc:sqlite:" + copy.resolve("trials.db"), "UPDATE search_attributes SET value = '"
                    + copy.toAbsolutePath().normalize() + "' WHERE name = 'output'");
            sql("jdbc:sqlite:" + copy.resolve("trials.db"), entry[1]);
            cases.add(Arguments.of(Named.of("resume a store with " + entry[0], new String[] {"resume", "--out", copy.toString()})));
        }

        // ---- other commands
        cases.add(Arguments.of(Named.of("no command", new String[0])));
        cases.add(Arguments.of(Named.of("unknown command", new String[] {"serach"})));
        cases.add(Arguments.of(Named.of("bench with zero runs", new String[] {"bench", "--suite", "nb201", "--strategies", "random", "--runs", "0", "--budget", "5", "--data-dir", data})));
        cases.add(Arguments.of(Named.of("bench of an unknown suite", new String[] {"bench", "--suite", "nb999", "--strategies", "random", "--runs", "1", "--budget", "5", "--data-dir", data})));
        cases.add(Arguments.of(Named.of("export of a folder without a search", new String[] {"export", "--out", empty.toString(), "--format", "djl"})));
        cases.add(Arguments.of(Named.of("export to an unknown format", new String[] {"export", "--out", existing.toString(), "--format", "onnx"})));
        return cases.stream();
    }

    private static String existingLater() {
        return existing.toString();
    }

    private static Arguments search(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("search"));
        all.addAll(List.of(args));
        return Arguments.of(Named.of(name, all.toArray(String[]::new)));
    }

    private static String[] config(String text, String extension) throws IOException {
        Path file = root.resolve("config-" + (caseNumber++) + extension);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new String[] {"--config", file.toString()};
    }

    /** "Billion laughs": ten levels of ten aliases each. */
    private static String bomb() {
        StringBuilder text = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int level = 1; level < 10; level++) {
            String previous = "*a" + (level - 1);
            text.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        return text.append("budget: 5\n").toString();
    }

    private static String nested(int depth) {
        StringBuilder text = new StringBuilder();
        for (int level = 1; level <= depth; level++) {
            text.append("  ".repeat(level)).append("k").append(level).append(":\n");
        }
        return text.append("  ".repeat(depth + 1)).append("v: 1\n").toString();
    }

    private static void sql(String url, String statementText) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(statementText);
        }
    }

    private static String checksum(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
