package io.nas4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard of one output folder over HTTP, read-only, on an embedded Jetty server: non-blocking
 * connections with an idle timeout, a time limit on each request head ({@link HeadDeadline}), a bounded
 * request head, a bounded number of connections and a small thread pool ({@link Limits}), so that slow
 * clients cannot hold it. Bound to the loopback address unless told otherwise. Every answer is read from the
 * folder when it is asked for, so the page follows a running search.
 *
 * <ul>
 *   <li>{@code GET /}: the dashboard page, which polls the API every two seconds;</li>
 *   <li>{@code GET /api/dashboard}: everything the page draws ({@link DashboardData});</li>
 *   <li>{@code GET /api/trials}: the trials alone;</li>
 *   <li>{@code GET /api/architecture/ID}: the drawing of trial ID's network;</li>
 *   <li>{@code GET /files/NAME}: a file of the output folder as it is ({@code result.json},
 *       {@code report.html}, ...), in a sandbox: it runs no script but the report's own and, its origin
 *       being opaque, cannot read the API.</li>
 * </ul>
 *
 * <p>Nothing outside the folder is served: a path with a {@code .} or {@code ..} segment (also
 * percent-encoded), an absolute file path, or a link that leads out of the folder is refused with 403 (or
 * 400, where Jetty finds the path ambiguous before the dashboard sees it). Only GET and HEAD are answered
 * (405 otherwise). On the loopback address, requests whose {@code Host} header names another host are
 * refused (403), so that a web page elsewhere cannot read the dashboard through a rebound DNS name; a
 * request target in absolute form ({@code GET http://HOST/...}) must name the host its {@code Host} header
 * names (400 otherwise), and a request with two {@code Host} headers, or an HTTP/1.1 one with none, is
 * refused (400).
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** A request head (request line and header lines) longer than this is refused with 431. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /**
     * One thread accepts, one waits on the sockets, the others answer: reading the folder is the only work,
     * and a burst of requests should not take the machine a search runs on.
     */
    private static final int THREADS = 8;
    private static final String FILES = "/files/";
    private static final String ARCHITECTURE = "/api/architecture/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "json",
            "application/json; charset=utf-8", "md", "text/markdown; charset=utf-8", "txt", "text/plain; charset=utf-8",
            "csv", "text/csv; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "log", "text/plain; charset=utf-8");
    /**
     * The page runs its own script, pinned by its hash ({@link ReportFile#scriptSource()}), and no other: no
     * inline handler, no injected element. Style attributes stay allowed: the charts colour their marks
     * with them.
     */
    private static final String PAGE_POLICY = "default-src 'none'; script-src " + ReportFile.scriptSource()
            + "; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    /** The API's JSON and the plain-text errors are data: nothing in them may run or load. */
    private static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /**
     * Files of the folder are shown in a sandbox without {@code allow-same-origin}: their origin is opaque,
     * so even a script in them could not read the API. The only script allowed is the report's own, so that
     * {@code /files/report.html} draws itself; an HTML or SVG file with a script of its own stays inert.
     */
    private static final String FILE_POLICY = "sandbox allow-scripts; default-src 'none'; script-src "
            + ReportFile.scriptSource() + "; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    /**
     * How long a client may take and how many may be connected.
     *
     * @param headTimeout    the most time a connection may take from the first byte of a request to the next
     *                       request's beginning: the time for a head, and a body ({@link HeadDeadline})
     * @param idleTimeout    the most time a connection may pass without a byte coming or going: waiting for a
     *                       request, within one, or while the client does not take its answer
     * @param maxConnections connections open at once at most; more wait to be accepted until one ends
     */
    record Limits(Duration headTimeout, Duration idleTimeout, int maxConnections) {

        /**
         * A page polls every two seconds over one or two connections; a browser opens six at most. Ten
         * seconds for a head is long for a real client on any network and short for one that holds sockets.
         */
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(15), 64);

        Limits {
            for (Duration timeout : List.of(headTimeout, idleTimeout)) {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("a timeout must be positive, got " + timeout);
                }
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
        }
    }

    /** One answer: its status, its headers (without {@code Content-Length}), its body. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final OutputFolder folder;
    private final Path realDirectory;
    private final InetAddress bound;
    private final Server server;
    private final ServerConnector connector;

    private DashboardServer(OutputFolder folder, InetAddress bound, int port, Limits limits) throws IOException {
        this.folder = folder;
        this.realDirectory = folder.directory().toRealPath();
        this.bound = bound;
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("dashboard");
        threads.setDaemon(true);
        this.server = new Server(threads, new ScheduledExecutorScheduler("dashboard-timeouts", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEAD_BYTES);
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bound.getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new HeadDeadline(limits.headTimeout(), connector.getScheduler()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                send(request, response, callback, answer(request));
                return true;
            }
        });
        server.setErrorHandler(DashboardServer::error);
    }

    /**
     * Starts serving {@code folder} on {@code address:port} ({@code port} 0: any free port).
     *
     * @throws java.net.BindException when the port is taken or the address is not this machine's
     * @throws IOException            when the server cannot start otherwise
     */
    public static DashboardServer start(OutputFolder folder, InetAddress address, int port) throws IOException {
        return start(folder, address, port, Limits.DEFAULT);
    }

    /** As {@link #start(OutputFolder, InetAddress, int)}, with other time and connection limits. */
    static DashboardServer start(OutputFolder folder, InetAddress address, int port, Limits limits) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(address, "address");
        DashboardServer dashboard = new DashboardServer(folder, address, port, Objects.requireNonNull(limits, "limits"));
        try {
            dashboard.server.start();
        } catch (Exception e) {
            dashboard.close();
            // Jetty wraps the bind failure; callers tell a taken port from other failures by its type
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind) {
                    BindException thrown = new BindException(bind.getMessage());
                    thrown.initCause(e);
                    throw thrown;
                }
            }
            throw e instanceof IOException io ? io : new IOException("the dashboard server did not start: " + e, e);
        }
        return dashboard;
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(bound, connector.getLocalPort());
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8765/}. */
    public String url() {
        String name = bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        return "http://" + name + ":" + port() + "/";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the dashboard server did not stop cleanly", e);
        }
    }

    private Answer answer(Request request) {
        try {
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                Answer refused = plain(405, "only GET and HEAD are answered");
                Map<String, String> headers = new LinkedHashMap<>(refused.headers());
                headers.put("Allow", "GET, HEAD");
                return new Answer(405, headers, refused.body());
            }
            if (!hostAllowed(request.getHeaders().get(HttpHeader.HOST))) {
                return plain(403, "this dashboard answers requests to its own address only");
            }
            String path = decodedPath(request.getHttpURI().getPath());
            if (path == null) {
                return plain(400, "the path is not valid percent-encoded UTF-8");
            }
            if (escapes(path)) {
                return plain(403, "paths outside the output folder are refused");
            }
            return route(path);
        } catch (RuntimeException | IOException e) {
            LOG.warn("dashboard request {} failed", request.getHttpURI().getPath(), e);
            return json(500, DashboardData.graphError(String.valueOf(e.getMessage())));
        }
    }

    private Answer route(String path) throws IOException {
        if (path.equals("/") || path.equals("/index.html")) {
            return answer(200, TYPES.get("html"), PAGE_POLICY, bytes(ReportFile.livePage()));
        } else if (path.equals("/api/dashboard")) {
            return json(200, folder.dashboard());
        } else if (path.equals("/api/trials")) {
            return json(200, folder.dashboard().path("trials"));
        } else if (path.startsWith(ARCHITECTURE)) {
            long id;
            try {
                id = Long.parseLong(path.substring(ARCHITECTURE.length()));
            } catch (NumberFormatException e) {
                return json(400, DashboardData.graphError("a trial id is a whole number"));
            }
            Optional<ObjectNode> drawing = folder.architecture(id);
            if (drawing.isPresent()) {
                return json(200, drawing.get());
            }
            return json(404, DashboardData.graphError("there is no trial " + id));
        } else if (path.startsWith(FILES)) {
            return file(path.substring(FILES.length()));
        }
        return plain(404, "not found");
    }

    private Answer file(String relative) throws IOException {
        Path asked = Path.of(relative);
        if (relative.isEmpty() || asked.isAbsolute()) {
            return plain(403, "paths outside the output folder are refused");
        }
        Path file = folder.directory().resolve(asked).normalize();
        if (!file.startsWith(folder.directory())) {
            return plain(403, "paths outside the output folder are refused");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return plain(404, "not found");
        }
        Path real = file.toRealPath();
        if (!real.startsWith(realDirectory)) {
            return plain(403, "paths outside the output folder are refused");
        }
        if (!Files.isRegularFile(real)) {
            return plain(404, "not found");
        }
        String name = real.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return answer(200, type == null ? "application/octet-stream" : type, FILE_POLICY, Files.readAllBytes(real));
    }

    /** The path percent-decoded ('+' stays a plus), or null when it is not valid. */
    static String decodedPath(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "/";
        }
        try {
            String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            return decoded.indexOf('\0') >= 0 || decoded.contains("\uFFFD") ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when a decoded path has a {@code .} or {@code ..} segment (with either slash) or a drive-like root. */
    static boolean escapes(String path) {
        for (String segment : path.split("[/\\\\]", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.contains(":")) {
                return true;
            }
        }
        return false;
    }

    private boolean hostAllowed(String header) {
        if (!bound.isLoopbackAddress() || header == null) {
            return true;
        }
        String host = hostName(header);
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    private static Answer json(int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = DashboardData.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        return answer(status, TYPES.get("json"), DATA_POLICY, bytes);
    }

    /** A plain-text answer that no browser runs or frames. */
    private static Answer plain(int status, String message) {
        return answer(status, TYPES.get("txt"), DATA_POLICY, bytes(message + "\n"));
    }

    /** The host of an authority ({@code host}, {@code host:port}, {@code [v6]:port}), lower case. */
    private static String hostName(String authority) {
        String host = authority.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * Answers what Jetty refuses before the dashboard sees it (a malformed request, a head over the limit,
     * an ambiguous path) in the dashboard's own words and headers, rather than Jetty's HTML error page.
     */
    private static boolean error(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
        String message = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String text && !text.isBlank()
                ? text : HttpStatus.getMessage(status);
        send(request, response, callback, plain(status, message));
        return true;
    }

    /** Writes {@code answer} whole, with its length; a HEAD request gets the headers alone. */
    private static void send(Request request, Response response, Callback callback, Answer answer) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        answer.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(answer.body()), callback);
    }

    private static Answer answer(int status, String type, String policy, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", policy);
        return new Answer(status, headers, body);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
