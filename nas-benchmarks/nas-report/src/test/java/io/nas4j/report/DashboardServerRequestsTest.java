package io.nas4j.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.nas4j.report.RawHttp.body;
import static io.nas4j.report.RawHttp.exchange;
import static io.nas4j.report.RawHttp.get;
import static io.nas4j.report.RawHttp.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the real server refuses before it reads the folder, written byte for byte on real sockets: a
 * target that names another host, two Host headers or none, and what is not HTTP/1.1. Jetty refuses most of
 * them itself; its refusals carry the dashboard's headers all the same.
 */
class DashboardServerRequestsTest {

    @TempDir
    static Path root;
    private static Path folder;
    private static DashboardServer server;

    @BeforeAll
    static void serve() throws IOException {
        folder = RawHttp.searchFolder(root);
        server = DashboardServer.start(new OutputFolder(folder, Architectures.none("no drawings here")),
                InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://evil.example/api/dashboard", "http://evil.example:80/api/dashboard",
            "HTTP://EVIL.EXAMPLE/files/result.json", "http://127.0.0.1@evil.example/api/dashboard",
            "http://evil.example@127.0.0.1/api/dashboard", "https://evil.example/", "evil.example:80", "*"})
    void aRequestTargetNamingAnotherHostIsRefused(String target) throws IOException {
        String answer = exchange(server.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).doesNotContain("\"view\"");
    }

    @Test
    void aRequestTargetNamingAnotherHostIsRefusedEvenWhenTheHostHeaderAgrees() throws IOException {
        String answer = exchange(server.port(), "GET http://evil.example/api/dashboard HTTP/1.1\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(answer).doesNotContain("\"view\"");
    }

    @Test
    void aRequestTargetNamingThisServerIsAnswered() throws IOException {
        String authority = "127.0.0.1:" + server.port();
        String answer = exchange(server.port(), "GET http://" + authority + "/api/dashboard HTTP/1.1\r\nHost: " + authority
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(body(answer)).contains("\"view\":\"search\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Host: 127.0.0.1\r\nHost: evil.example", "Host: evil.example\r\nHost: 127.0.0.1",
            "Host: 127.0.0.1\r\nhost: 127.0.0.1", "Connection: close"})
    void aRequestWithTwoHostsOrNoneIsRefused(String headers) throws IOException {
        String answer = exchange(server.port(), "GET /api/dashboard HTTP/1.1\r\n" + headers + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).doesNotContain("\"view\"");
    }

    /** No {@code Connection: close} is asked for: the answer is read to the end, so the server must close. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NOT A REQUEST", "GET /files/a b HTTP/1.1", "GET / HTTP/2.0",
            "GET / HTTP/1.1\r\nBad Header: x", "GET / HTTP/1.1\r\n folded: x"})
    void aMalformedRequestIsRefusedAndTheConnectionClosed(String head) throws IOException {
        String answer = exchange(server.port(), head + "\r\nHost: 127.0.0.1\r\n\r\n");

        // Jetty takes an unknown version for 505 and HTTP/2.0 over this connection for 426 Upgrade Required
        assertThat(answer).matches("(?s)HTTP/1\\.1 (400|426|505) .*");
        assertThat(header(answer, "Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(header(answer, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/\u00e9", "/files/%ff", "/files/%00", "/files/a%5cb"})
    void aTargetWithACharacterNoPathHoldsIsRefused(String target) throws IOException {
        String answer = exchange(server.port(), get(target));

        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    @Test
    void aRequestHeadLongerThanTheLimitIsRefused() throws IOException {
        String answer = exchange(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: "
                + "a".repeat(DashboardServer.MAX_HEAD_BYTES) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431");
    }

    @Test
    void headAnswersWithTheHeadersOfGetAndNoBody() throws IOException {
        String got = exchange(server.port(), get("/files/result.json"));
        String head = exchange(server.port(), "HEAD /files/result.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(head).startsWith("HTTP/1.1 200");
        assertThat(header(head, "Content-Length")).isEqualTo(header(got, "Content-Length"))
                .isEqualTo(Long.toString(Files.size(folder.resolve("result.json"))));
        assertThat(body(head)).isEmpty();
    }
}
