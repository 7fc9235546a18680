package io.nas4j.report;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.nas4j.report.RawHttp.connect;
import static io.nas4j.report.RawHttp.exchange;
import static io.nas4j.report.RawHttp.get;
import static io.nas4j.report.RawHttp.readOne;
import static io.nas4j.report.RawHttp.readToEnd;
import static io.nas4j.report.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send half a request, or nothing, or do not read their answer, against the real server on
 * real sockets: they hold their own connections and no one else's, and the server lets them go.
 */
class DashboardServerSlowClientsTest {

    private static final int SLOW_CLIENTS = 16;
    private static final String HALF_A_REQUEST = "GET / HTTP/1.1\r\n";

    @TempDir
    Path root;
    private Path folder;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void aSearchFolder() throws IOException {
        folder = RawHttp.searchFolder(root);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aRequestIsAnsweredWhileMoreSlowClientsThanWorkerThreadsHoldSockets() throws IOException {
        DashboardServer server = serve(HttpListener.Limits.DEFAULT);
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            send(slowClient(server), HALF_A_REQUEST);
        }

        String answer = exchange(server.port(), get("/api/dashboard"));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(RawHttp.body(answer)).contains("\"view\":\"search\"");
    }

    @Test
    void aClientThatSendsHalfARequestIsAnswered408AndDisconnected() throws IOException {
        DashboardServer server = serve(new HttpListener.Limits(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 64));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Socket socket = slowClient(server);
            send(socket, HALF_A_REQUEST);
            slow.add(socket);
        }

        for (Socket socket : slow) {
            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aClientThatDripsItsRequestIsCutOffWhenTheWholeHeadIsLate() throws Exception {
        DashboardServer server = serve(new HttpListener.Limits(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 64));
        Socket socket = slowClient(server);
        send(socket, HALF_A_REQUEST + "X-Drip: ");
        // one byte every 100 ms: each read is quick, only the head as a whole is late
        Thread drip = new Thread(() -> {
            try {
                while (true) {
                    send(socket, "a");
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection, or the test ended
            }
        });
        drip.setDaemon(true);
        drip.start();

        assertThat(readToEnd(socket)).startsWith("HTTP/1.1 408");
        drip.interrupt();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        DashboardServer server = serve(new HttpListener.Limits(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 64));
        Socket silent = slowClient(server);

        assertThat(silent.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void aKeptAliveConnectionAnswersEachRequestAndIsClosedWhenIdle() throws IOException {
        DashboardServer server = serve(new HttpListener.Limits(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 64));
        Socket socket = slowClient(server);
        String request = "GET /api/trials HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        send(socket, request + request);
        String first = readOne(socket);
        String second = readOne(socket);
        send(socket, request);
        String third = readOne(socket);

        assertThat(List.of(first, second, third)).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 200"));
        assertThat(RawHttp.header(third, "Connection")).isNull();
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void connectionsBeyondTheLimitAreAnswered503UntilOneEnds() throws IOException {
        int limit = 4;
        DashboardServer server = serve(new HttpListener.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60), limit));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Socket socket = slowClient(server);
            send(socket, "GET /api/trials HTTP/1.1\r\n");
            slow.add(socket);
        }

        // connections are accepted in the order they were made: the limit is reached before this one
        String refused = exchange(server.port(), get("/api/trials"));
        send(slow.get(0), "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String finished = readToEnd(slow.get(0));
        String next = exchange(server.port(), get("/api/trials"));

        assertThat(refused).startsWith("HTTP/1.1 503");
        assertThat(RawHttp.body(refused)).contains(limit + " connections open");
        assertThat(finished).startsWith("HTTP/1.1 200");
        assertThat(next).startsWith("HTTP/1.1 200");
    }

    @Test
    void aClientThatDoesNotReadItsAnswerIsCutOffAndFreesItsConnection() throws Exception {
        // larger than what the loopback socket buffers of both ends hold, so that the server's write blocks
        int size = 48 * 1024 * 1024;
        Files.write(folder.resolve("large.bin"), new byte[size]);
        DashboardServer server = serve(new HttpListener.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 1));
        Socket stalled = slowClient(server);
        send(stalled, get("/files/large.bin"));

        String answer = exchangeOnceFree(server);
        long received = drain(stalled.getInputStream());

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(received).isLessThan(size);
    }

    /** The answer of the first request that finds the only connection free (the others are answered 503). */
    private static String exchangeOnceFree(DashboardServer server) throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plusMillis(RawHttp.READ_TIMEOUT_MILLIS);
        while (true) {
            String answer = exchange(server.port(), get("/api/trials"));
            if (!answer.startsWith("HTTP/1.1 503") || Instant.now().isAfter(giveUp)) {
                return answer;
            }
            Thread.sleep(50);
        }
    }

    /** Bytes read until the server ends the connection (a reset counts as the end). */
    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
            }
        } catch (java.net.SocketException e) {
            // the server closed the socket while data was on its way
        }
        return total;
    }

    private DashboardServer serve(HttpListener.Limits limits) throws IOException {
        DashboardServer server = DashboardServer.start(new OutputFolder(folder, Architectures.none("no drawings here")),
                InetAddress.getLoopbackAddress(), 0, limits);
        open.add(server);
        return server;
    }

    private Socket slowClient(DashboardServer server) throws IOException {
        Socket socket = connect(server.port());
        open.add(socket);
        return socket;
    }
}
