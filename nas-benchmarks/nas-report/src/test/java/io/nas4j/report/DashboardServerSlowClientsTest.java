package io.nas4j.report;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.nas4j.report.RawHttp.connect;
import static io.nas4j.report.RawHttp.exchange;
import static io.nas4j.report.RawHttp.get;
import static io.nas4j.report.RawHttp.readOne;
import static io.nas4j.report.RawHttp.readToEnd;
import static io.nas4j.report.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clients that send half a request, or nothing, or do not read their answer, against the real server on
 * real sockets: they hold their own connections and no thread, and the server lets them go. Jetty closes
 * such a connection without an answer (it has no request to answer yet), where a server that read heads
 * on a thread of its own would answer 408.
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
        DashboardServer server = serve(DashboardServer.Limits.DEFAULT);
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            send(slowClient(server), HALF_A_REQUEST);
        }

        String answer = exchange(server.port(), get("/api/dashboard"));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(RawHttp.body(answer)).contains("\"view\":\"search\"");
    }

    @Test
    void clientsThatSendHalfARequestAreDisconnectedAfterTheIdleTimeout() throws IOException {
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(60), Duration.ofSeconds(1), 64));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Socket socket = slowClient(server);
            send(socket, HALF_A_REQUEST);
            slow.add(socket);
        }

        for (Socket socket : slow) {
            assertThat(readUntilClosed(socket)).isEmpty();
        }
    }

    @Test
    void aClientThatDripsItsRequestIsCutOffWhenTheWholeHeadIsLate() throws Exception {
        // the idle timeout never passes between two bytes: only the time limit on the head ends this connection
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(1), Duration.ofSeconds(5), 64));
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

        assertThat(readUntilClosed(socket)).isEmpty();
        drip.interrupt();
    }

    @Test
    void aKeptAliveConnectionIsNotCutOffByTheHeadTimeLimitBetweenRequests() throws Exception {
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(1), Duration.ofSeconds(10), 64));
        Socket socket = slowClient(server);
        String request = "GET /api/trials HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        List<String> answers = new ArrayList<>();

        // four requests over more than twice the head's time limit, each sent in two parts
        for (int i = 0; i < 4; i++) {
            send(socket, request.substring(0, 20));
            Thread.sleep(100);
            send(socket, request.substring(20));
            answers.add(readOne(socket));
            Thread.sleep(600);
        }

        assertThat(answers).hasSize(4).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 200"));
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(5), Duration.ofSeconds(1), 64));
        Socket silent = slowClient(server);

        assertThat(silent.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void aKeptAliveConnectionAnswersEachRequestAndIsClosedWhenIdle() throws IOException {
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(5), Duration.ofSeconds(1), 64));
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
    void connectionsBeyondTheLimitWaitToBeAcceptedUntilOneEnds() throws IOException {
        int limit = 4;
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), limit));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Socket socket = slowClient(server);
            send(socket, "GET /api/trials HTTP/1.1\r\n");
            slow.add(socket);
        }
        // connections are accepted in the order they were made: the limit is reached before this one
        Socket waiting = slowClient(server);
        send(waiting, get("/api/trials"));

        // a wait that a slow machine could only make pass wrongly, never fail
        waiting.setSoTimeout(1_000);
        assertThatThrownBy(() -> waiting.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        waiting.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
        send(slow.get(0), "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String finished = readToEnd(slow.get(0));
        // Jetty shuts its side after a closing answer and frees the slot once the client has closed too
        slow.get(0).close();
        String next = readToEnd(waiting);

        assertThat(finished).startsWith("HTTP/1.1 200");
        assertThat(next).startsWith("HTTP/1.1 200");
    }

    @Test
    void aClientThatDoesNotReadItsAnswerIsCutOffAndFreesItsConnection() throws Exception {
        // larger than what the loopback socket buffers of both ends hold, so that the server's write stalls
        int size = 48 * 1024 * 1024;
        Files.write(folder.resolve("large.bin"), new byte[size]);
        DashboardServer server = serve(new DashboardServer.Limits(Duration.ofSeconds(5), Duration.ofSeconds(1), 1));
        Socket stalled = slowClient(server);
        send(stalled, get("/files/large.bin"));

        // the only connection is free once the stalled write has passed the idle timeout
        String answer = exchange(server.port(), get("/api/trials"));
        long received = drain(stalled.getInputStream());

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(received).isLessThan(size);
    }

    /** What the server sends until it ends the connection (a reset counts as the end). */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException e) {
            // the server closed the socket while the client was still sending
        }
        return text.toString();
    }

    /** Bytes read until the server ends the connection (a reset counts as the end). */
    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
            }
        } catch (SocketException e) {
            // the server closed the socket while data was on its way
        }
        return total;
    }

    private DashboardServer serve(DashboardServer.Limits limits) throws IOException {
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
