package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nas serve}: what it refuses (one sentence, exit status 2), and a real serving session. */
class ServeCommandTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static Path root;
    private static Path search;

    @BeforeAll
    static void aSearch() throws IOException {
        root = Files.createTempDirectory("nas4j-serve");
        search = root.resolve("search");
        Outcome outcome = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "nb201", "--strategy", "random",
                "--budget", "10", "--data-dir", TestData.directory().toString(), "--out", search.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();
    }

    @Test
    void withoutAnOutputFolderItIsAUsageError() {
        assertUsageError(CliRun.run(INJECTOR, "serve"), "nas serve: Missing required option: '--out=DIR'");
    }

    @Test
    void aMissingFolderIsAUsageError() {
        assertUsageError(CliRun.run(INJECTOR, "serve", "--out", root.resolve("absent").toString()),
                "nas serve: --out " + root.resolve("absent") + " does not exist or is not a folder");
    }

    @Test
    void aFolderThatIsNoOutputFolderIsAUsageError() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));

        assertUsageError(CliRun.run(INJECTOR, "serve", "--out", empty.toString()),
                "nas serve: --out " + empty + " holds no trials.db, result.json or summary.json");
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertUsageError(CliRun.run(INJECTOR, "serve", "--out", search.toString(), "--port", "70000"),
                "nas serve: --port must be between 0 and 65535");
        assertUsageError(CliRun.run(INJECTOR, "serve", "--out", search.toString(), "--port", "eighty"),
                "nas serve: Invalid value for option '--port'");
    }

    @Test
    void aPortInUseIsAUsageError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertUsageError(CliRun.run(INJECTOR, "serve", "--out", search.toString(), "--port",
                    Integer.toString(taken.getLocalPort())), "nas serve: --port " + taken.getLocalPort() + " cannot be used on 127.0.0.1");
        }
    }

    @Test
    void anAddressOfAnotherMachineIsAUsageError() {
        // 192.0.2.1 is reserved for documentation (RFC 5737): never an address of this machine
        assertUsageError(CliRun.run(INJECTOR, "serve", "--out", search.toString(), "--host", "192.0.2.1", "--port", "0"),
                "nas serve: --host 192.0.2.1 is not an address of this machine");
    }

    @Test
    void servesTheFolderUntilInterruptedAndWritesItsReport() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread serving = new Thread(() -> {
            CommandLine commandLine = NasCommand.commandLine(INJECTOR);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            status.set(commandLine.execute("serve", "--out", search.toString(), "--port", "0"));
        });
        serving.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!out.toString().contains("dashboard of") && serving.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Matcher matcher = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher(out.toString());
        assertThat(matcher.find()).as(out + err.toString()).isTrue();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(matcher.group(1) + "api/dashboard")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        serving.interrupt();
        serving.join(10_000);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode dashboard = JsonMapper.builder().build().readTree(response.body());
        assertThat(dashboard.get("trials")).hasSize(10);
        assertThat(search.resolve("report.html")).exists();
        assertThat(out.toString()).contains("wrote " + search.resolve("report.html"), "dashboard of " + search.toAbsolutePath());
        assertThat(serving.isAlive()).isFalse();
        assertThat(status.get()).isZero();
    }

    private static void assertUsageError(Outcome outcome, String start) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).startsWith(start);
        assertThat(outcome.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(outcome.out()).isEmpty();
    }
}
