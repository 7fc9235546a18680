package io.nas4j.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP/1.1 side of the dashboard: accepts connections, reads GET and HEAD requests (no request
 * bodies beyond a small one that is read and dropped), and writes the handler's answers with a
 * {@code Content-Length}, keeping a connection open between requests.
 *
 * <p>Written here rather than taken from {@code com.sun.net.httpserver}: that server reads a request's
 * head on its executor's threads with no time limit unless the process-wide system properties
 * {@code sun.net.httpserver.maxReqTime}, {@code idleInterval} and {@code maxConnections} are set before
 * its first use, so a few clients that send half a request hold every thread. Here each connection has
 * a thread of its own, so a slow client holds its own thread and no one else's, and every limit belongs
 * to the one server ({@link Limits}): the first byte of a request must come within the idle timeout after
 * the connection opened or the previous answer was sent, the whole head within the header timeout of that
 * byte, each answer must be taken by the client within the send timeout, and at most
 * {@link Limits#maxConnections()} connections are open at once (one more is answered 503 and closed), which
 * bounds the threads too. The handler runs on a small pool of its own, which bounds the reads of the
 * folder that a burst of requests puts on the machine the search runs on.
 */
final class HttpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** A request head (request line and header lines) longer than this is refused with 431. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_HEADER_LINES = 100;
    /** A request body up to this size is read and dropped so that the connection stays usable. */
    private static final int MAX_DROPPED_BODY = 64 * 1024;
    private static final int HANDLER_THREADS = 4;
    /** How long a closing connection reads what the client still sends. */
    private static final int LINGER_MILLIS = 2_000;
    private static final Pattern REQUEST_LINE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([!-~]+) HTTP/(\\d)\\.(\\d)");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)https?://([^/?#]*)(.*)");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    /**
     * How long a client may take and how many may be connected.
     *
     * @param headerTimeout  the most time from a request's first byte to the end of its head (and body)
     * @param idleTimeout    the most time a connection waits for a request's first byte
     * @param sendTimeout    the most time writing one answer may take (a client that does not read is cut off)
     * @param maxConnections connections open at once at most
     */
    record Limits(Duration headerTimeout, Duration idleTimeout, Duration sendTimeout, int maxConnections) {

        /**
         * A page polls every two seconds over one or two connections; a browser opens six at most. Ten
         * seconds for a head is long for a real client on any network and short for one that holds sockets.
         */
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), 64);

        Limits {
            for (Duration timeout : List.of(headerTimeout, idleTimeout, sendTimeout)) {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("a timeout must be positive, got " + timeout);
                }
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
        }
    }

    /**
     * One request as the handler sees it.
     *
     * @param method       the method, as sent
     * @param path         the target's path, still percent-encoded, without the query
     * @param host         the {@code Host} header, or null when there is none (HTTP/1.0)
     * @param absoluteHost the host an absolute-form target names ({@code GET http://HOST/...}), lower case,
     *                     or null for the usual {@code GET /...}
     * @param local        the address of this machine that the connection arrived at
     */
    record Request(String method, String path, String host, String absoluteHost, InetAddress local) {

        boolean head() {
            return method.equals("HEAD");
        }
    }

    /** One answer: its status, its headers (without {@code Content-Length}, {@code Date}, {@code Connection}), its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        Response {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            Objects.requireNonNull(body, "body");
        }
    }

    /** Answers one request; runs on the listener's handler threads and must not throw. */
    interface Handler {
        Response handle(Request request);
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final Limits limits;
    private final Semaphore permits;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService handlers;
    private final ExecutorService connectionThreads;
    private final ScheduledThreadPoolExecutor watchdog;
    private volatile boolean closed;

    private HttpListener(ServerSocket serverSocket, Handler handler, Limits limits) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.limits = limits;
        this.permits = new Semaphore(limits.maxConnections());
        AtomicInteger count = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "dashboard-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger connection = new AtomicInteger();
        this.connectionThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-connection-" + connection.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "dashboard-send-timeout");
            thread.setDaemon(true);
            return thread;
        });
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Listens on {@code address:port} ({@code port} 0: any free port) and answers with {@code handler}.
     *
     * @throws java.net.BindException when the port is taken or the address is not this machine's
     */
    static HttpListener start(InetAddress address, int port, Handler handler, Limits limits) throws IOException {
        ServerSocket serverSocket = new ServerSocket(port, 64, address);
        HttpListener listener = new HttpListener(serverSocket, Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(limits, "limits"));
        Thread accepting = new Thread(listener::accept, "dashboard-accept");
        accepting.setDaemon(true);
        accepting.start();
        return listener;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        connections.forEach(HttpListener::closeQuietly);
        handlers.shutdownNow();
        connectionThreads.shutdownNow();
        watchdog.shutdownNow();
    }

    /** A plain-text answer that no browser runs or frames. */
    static Response text(int status, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        return new Response(status, headers, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("the dashboard cannot accept a connection", e);
                    pause();
                }
                continue;
            }
            try {
                if (permits.tryAcquire()) {
                    connections.add(socket);
                    connectionThreads.execute(() -> serve(socket));
                } else {
                    connectionThreads.execute(() -> refuse(socket));
                }
            } catch (RejectedExecutionException e) {
                // the listener is closing
                closeQuietly(socket);
            }
        }
    }

    /** A moment's wait after a failed accept: out of file descriptors, the next accept fails as fast. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuse(Socket socket) {
        try {
            Response busy = text(503, "the dashboard has " + limits.maxConnections() + " connections open, its most; try again shortly");
            write(socket, new BufferedOutputStream(socket.getOutputStream()), busy, false, true);
        } catch (IOException e) {
            // the client went away; there is no one to tell
        } finally {
            lingeringClose(socket);
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            Input input = new Input(socket);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (!closed && input.awaitRequest(limits.idleTimeout().toMillis())) {
                long deadline = System.nanoTime() + limits.headerTimeout().toNanos();
                Parsed parsed;
                try {
                    parsed = parse(input.head(deadline), socket.getLocalAddress());
                    if (parsed.bodyLength() > 0) {
                        input.skip(parsed.bodyLength(), deadline);
                    }
                } catch (SocketTimeoutException e) {
                    write(socket, out, text(408, "the request did not arrive within "
                            + limits.headerTimeout().toSeconds() + " s"), false, true);
                    return;
                } catch (Refusal e) {
                    write(socket, out, text(e.status, e.getMessage()), false, true);
                    return;
                }
                Response response = answer(parsed.request());
                if (response == null) {
                    return;
                }
                write(socket, out, response, parsed.request().head(), parsed.close());
                if (parsed.close()) {
                    return;
                }
            }
        } catch (EOFException e) {
            // the client closed the connection in the middle of a request
        } catch (IOException e) {
            LOG.debug("dashboard connection from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            connections.remove(socket);
            // the slot is free before the client sees the socket close, so that a client that reconnects then finds it
            permits.release();
            lingeringClose(socket);
        }
    }

    /** The handler's answer, or null when the listener is closing. */
    private Response answer(Request request) {
        Future<Response> answer;
        try {
            answer = handlers.submit(() -> handler.handle(request));
        } catch (RejectedExecutionException e) {
            return null;
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            LOG.warn("dashboard request {} {} failed", request.method(), request.path(), e.getCause());
            return text(500, "the dashboard failed to answer: " + e.getCause());
        }
    }

    /** Writes {@code response}; a client that does not take it within the send timeout is disconnected. */
    private void write(Socket socket, OutputStream out, Response response, boolean head, boolean close) throws IOException {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(REASONS.getOrDefault(response.status(), "Status")).append("\r\n");
        response.headers().forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Content-Length: ").append(response.body().length).append("\r\n");
        text.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (close) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        ScheduledFuture<?> guard;
        try {
            guard = watchdog.schedule(() -> closeQuietly(socket), limits.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return;
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!head) {
                out.write(response.body());
            }
            out.flush();
        } finally {
            guard.cancel(false);
        }
    }

    /** A request's head read into what the handler needs and what the connection needs. */
    private record Parsed(Request request, long bodyLength, boolean close) {
    }

    /** A request that is answered with {@code status} and the connection closed. */
    private static final class Refusal extends Exception {
        private final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static Parsed parse(String head, InetAddress local) throws Refusal {
        List<String> lines = new ArrayList<>(List.of(head.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                throw new Refusal(400, "a request line holds a stray carriage return or NUL");
            }
            lines.set(i, line);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        Matcher requestLine = REQUEST_LINE.matcher(lines.get(0));
        if (!requestLine.matches()) {
            throw new Refusal(400, "the request line is not 'METHOD TARGET HTTP/1.1'");
        }
        String version = requestLine.group(3) + "." + requestLine.group(4);
        if (!version.equals("1.1") && !version.equals("1.0")) {
            throw new Refusal(505, "only HTTP/1.1 and HTTP/1.0 are answered");
        }
        if (lines.size() - 1 > MAX_HEADER_LINES) {
            throw new Refusal(431, "a request has " + MAX_HEADER_LINES + " header lines at most");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new Refusal(400, "a header line is not 'Name: value'");
            }
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        List<String> hosts = headers.getOrDefault("host", List.of());
        if (hosts.size() > 1) {
            throw new Refusal(400, "a request has one Host header at most");
        }
        if (hosts.isEmpty() && version.equals("1.1")) {
            throw new Refusal(400, "an HTTP/1.1 request names its Host");
        }
        String target = requestLine.group(2);
        String path;
        String absoluteHost = null;
        Matcher absolute = ABSOLUTE.matcher(target);
        if (absolute.matches()) {
            String authority = absolute.group(1).toLowerCase(Locale.ROOT);
            if (authority.isEmpty() || authority.contains("@")) {
                throw new Refusal(400, "an absolute request target names a host and no user");
            }
            absoluteHost = hostName(authority);
            path = absolute.group(2).startsWith("/") ? absolute.group(2) : "/" + absolute.group(2);
        } else if (target.startsWith("/")) {
            path = target;
        } else {
            throw new Refusal(400, "the request target is a path ('/...') or an http:// address");
        }
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        long bodyLength = bodyLength(headers);
        boolean close = !version.equals("1.1") || bodyLength < 0 || headers.getOrDefault("connection", List.of()).stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .anyMatch(option -> option.strip().equalsIgnoreCase("close"));
        Request request = new Request(requestLine.group(1), path, hosts.isEmpty() ? null : hosts.get(0), absoluteHost, local);
        return new Parsed(request, Math.max(bodyLength, 0), close);
    }

    /**
     * The length of a body to read and drop; -1 when the body cannot be read past (chunked, or too long),
     * so that the connection is closed after the answer.
     */
    private static long bodyLength(Map<String, List<String>> headers) throws Refusal {
        if (headers.containsKey("transfer-encoding")) {
            return -1;
        }
        List<String> lengths = headers.getOrDefault("content-length", List.of());
        long length = 0;
        for (String value : lengths) {
            for (String part : value.split(",", -1)) {
                String digits = part.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new Refusal(400, "Content-Length is a whole number");
                }
                long parsed = Long.parseLong(digits);
                if (length != 0 && parsed != length) {
                    throw new Refusal(400, "a request has one Content-Length");
                }
                length = parsed;
            }
        }
        return length > MAX_DROPPED_BODY ? -1 : length;
    }

    /** The host of an authority ({@code host}, {@code host:port}, {@code [v6]:port}), lower case. */
    static String hostName(String authority) {
        String host = authority.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * Ends the answer, then reads what the client still sends (a request the server did not read, say)
     * for a moment before closing: closing a socket with unread input resets the connection, and a reset
     * can make the client lose the answer it has not read yet.
     */
    private static void lingeringClose(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(LINGER_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] dropped = new byte[4096];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
            int total = 0;
            while (total < MAX_DROPPED_BODY && System.nanoTime() < deadline) {
                int read = in.read(dropped);
                if (read < 0) {
                    break;
                }
                total += read;
            }
        } catch (IOException e) {
            // the client closed or reset the connection, or sent nothing more in time
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing what the other side may have closed already
        }
    }

    /** The bytes a connection has received and not used yet, read with deadlines. */
    private static final class Input {
        private final Socket socket;
        private final InputStream in;
        private final byte[] buffer = new byte[MAX_HEAD_BYTES];
        private int start;
        private int end;

        Input(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        /**
         * Waits up to {@code millis} for the first byte of a request (empty lines before one are dropped);
         * false when the client closed the connection or sent nothing in time.
         */
        boolean awaitRequest(long millis) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                while (start < end && (buffer[start] == '\r' || buffer[start] == '\n')) {
                    start++;
                }
                if (start < end) {
                    return true;
                }
                start = 0;
                end = 0;
                try {
                    if (fill(deadline) < 0) {
                        return false;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        }

        /** The request head up to and without its empty line, as ISO-8859-1 text. */
        String head(long deadline) throws IOException, Refusal {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    int after = i + 1 < end && buffer[i + 1] == '\n' ? i + 2
                            : i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n' ? i + 3 : -1;
                    if (after > 0) {
                        String head = new String(buffer, start, i + 1 - start, StandardCharsets.ISO_8859_1);
                        start = after;
                        return head;
                    }
                }
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.length) {
                    throw new Refusal(431, "a request head has " + MAX_HEAD_BYTES + " bytes at most");
                }
                if (fill(deadline) < 0) {
                    throw new EOFException("the client closed the connection within a request");
                }
            }
        }

        /** Reads and drops {@code count} bytes of a request body. */
        void skip(long count, long deadline) throws IOException {
            long left = count;
            while (left > 0) {
                if (start == end) {
                    start = 0;
                    end = 0;
                    if (fill(deadline) < 0) {
                        throw new EOFException("the client closed the connection within a request body");
                    }
                }
                int dropped = (int) Math.min(left, end - start);
                start += dropped;
                left -= dropped;
            }
        }

        private int fill(long deadline) throws IOException {
            long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (millis <= 0) {
                throw new SocketTimeoutException("the deadline passed");
            }
            socket.setSoTimeout((int) Math.min(millis, Integer.MAX_VALUE));
            int read = in.read(buffer, end, buffer.length - end);
            if (read > 0) {
                end += read;
            }
            return read;
        }
    }
}
