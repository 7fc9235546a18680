package io.nas4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.NasCommand;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard server over the output folder of a real tabular search (NAS-Bench-Macro, 12 trials): its
 * JSON API, the page, the files it serves, and everything it refuses.
 */
class DashboardServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "not for the dashboard";
    private static final int TRIALS = 12;

    private static Path root;
    private static Path folder;
    private static DashboardServer server;
    private static HttpClient client;

    @BeforeAll
    static void serveARealSearch() throws IOException {
        root = Files.createTempDirectory("nas4j-dashboard");
        folder = root.resolve("search");
        CommandLine commandLine = NasCommand.commandLine(Guice.createInjector(new NasModule()));
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        int status = commandLine.execute("search", "--backend", "tabular", "--space", "macro", "--strategy", "random",
                "--budget", Integer.toString(TRIALS), "--seed", "3", "--data-dir", TestData.directory().toString(),
                "--out", folder.toString());
        assertThat(status).as(err.toString()).isZero();
        Files.writeString(root.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(folder.resolve("link-out"), root.resolve("secret.txt"));
        server = DashboardServer.start(new OutputFolder(folder, Architectures.of(new MacroSpace(),
                TabularHeads.forDataset("cifar10"))), InetAddress.getLoopbackAddress(), 0);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws IOException {
        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        if (external.isPresent()) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), server.port()), 2000))
                        .isInstanceOfAny(ConnectException.class, SocketTimeoutException.class);
            }
        }
    }

    @Test
    void theDashboardApiHoldsEveryStoredTrialWithItsMetrics() throws Exception {
        JsonNode dashboard = JSON.readTree(get("/api/dashboard").body());
        List<TrialRecord> stored = StoreSnapshot.read(folder).orElseThrow().trials();

        assertThat(dashboard.get("view").asText()).isEqualTo("search");
        assertThat(dashboard.get("trials")).hasSize(TRIALS);
        assertThat(dashboard.get("counts").get("COMPLETE").asInt()).isEqualTo(TRIALS);
        for (int i = 0; i < TRIALS; i++) {
            JsonNode trial = dashboard.get("trials").get(i);
            TrialRecord record = stored.get(i);
            assertThat(trial.get("id").asLong()).isEqualTo(record.id());
            assertThat(trial.get("genome").asText()).isEqualTo(record.genome());
            assertThat(trial.get("value").asDouble()).isEqualTo(record.metrics().get("accuracy"));
            assertThat(trial.get("params").asDouble()).isEqualTo(record.metrics().get("params"));
        }
        JsonNode result = JSON.readTree(folder.resolve("result.json").toFile());
        assertThat(dashboard.get("best").asLong()).isEqualTo(result.get("best").get("trial").asLong());
        assertThat(dashboard.get("bestSoFar")).hasSize(TRIALS);
        assertThat(dashboard.get("pareto").get("axes").get(0).asText()).isEqualTo("params");
        assertThat(JSON.readTree(get("/api/trials").body())).isEqualTo(dashboard.get("trials"));
    }

    @Test
    void theArchitectureOfATrialIsItsDecodedNetworkLaidOut() throws Exception {
        HttpResponse<String> response = get("/api/architecture/0");
        JsonNode graph = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(graph.get("nodes").size()).isGreaterThan(3);
        assertThat(graph.get("nodes").get(0).get("label").asText()).isEqualTo("input");
        assertThat(graph.get("nodes").get(0).get("detail").asText()).isEqualTo("3×32×32");
        assertThat(graph.get("edges").size()).isGreaterThanOrEqualTo(graph.get("nodes").size() - 1);
        assertThat(get("/api/architecture/999").statusCode()).isEqualTo(404);
        assertThat(get("/api/architecture/first").statusCode()).isEqualTo(400);
    }

    @Test
    void thePageIsTheLiveDashboard() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("<script id=\"nas-data\" type=\"application/json\">null</script>",
                "api/dashboard");
    }

    @Test
    void filesOfTheFolderAreServedAsTheyAre() throws Exception {
        HttpResponse<String> result = get("/files/result.json");

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(Files.readString(folder.resolve("result.json")));
        assertThat(get("/files/no-such-file.json").statusCode()).isEqualTo(404);
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/../secret.txt", "/files/../../secret.txt", "/files/%2e%2e/secret.txt",
            "/files/%2E%2E%2Fsecret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/files/..%5csecret.txt",
            "/files//etc/passwd", "/files/%2Fetc%2Fpasswd", "/files/link-out", "/files/./result.json"})
    void pathsOutsideTheFolderAreRefused(String path) throws IOException {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        // Jetty refuses an ambiguous path itself (400); the dashboard refuses the others (403)
        assertThat(answer).matches("(?s)HTTP/1\\.1 40[03] .*");
        assertThat(answer).doesNotContain(SECRET, "root:");
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(server.url() + "api/dashboard"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void requestsNamingAnotherHostAreRefused() throws IOException {
        String answer = raw("GET /api/dashboard HTTP/1.1\r\nHost: attacker.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(raw("GET /api/trials HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void aTrialStoredWhileServingShowsOnTheNextRead() throws Exception {
        Path other = root.resolve("live");
        Files.createDirectories(other);
        Files.copy(folder.resolve(StoredSearch.FILE), other.resolve(StoredSearch.FILE));
        try (DashboardServer live = DashboardServer.start(new OutputFolder(other, Architectures.none("not needed")),
                InetAddress.getLoopbackAddress(), 0);
             JdbcTrialStore writer = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(other.resolve(StoredSearch.FILE)))) {
            String genome = StoreSnapshot.read(other).orElseThrow().trials().get(0).genome();
            writer.insert(new TrialRecord(TRIALS, TRIALS, TRIALS, -1, genome, genome, Double.POSITIVE_INFINITY,
                    TrialState.RUNNING, Map.of(), 0, "", 1, List.of(), Instant.now(), null));

            JsonNode dashboard = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(live.url() + "api/dashboard"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());

            assertThat(dashboard.get("trials")).hasSize(TRIALS + 1);
            assertThat(dashboard.get("counts").get("RUNNING").asInt()).isEqualTo(1);
            assertThat(dashboard.get("trials").get(TRIALS).get("state").asText()).isEqualTo("RUNNING");
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
