package io.nas4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard of one output folder over HTTP, read-only, on the JDK's built-in server. Bound to the
 * loopback address unless told otherwise. Every answer is read from the folder when it is asked for, so
 * the page follows a running search.
 *
 * <ul>
 *   <li>{@code GET /}: the dashboard page, which polls the API every two seconds;</li>
 *   <li>{@code GET /api/dashboard}: everything the page draws ({@link DashboardData});</li>
 *   <li>{@code GET /api/trials}: the trials alone;</li>
 *   <li>{@code GET /api/architecture/ID}: the drawing of trial ID's network;</li>
 *   <li>{@code GET /files/NAME}: a file of the output folder as it is ({@code result.json},
 *       {@code report.html}, ...).</li>
 * </ul>
 *
 * <p>Nothing outside the folder is served: a path with a {@code .} or {@code ..} segment (also
 * percent-encoded), an absolute file path, or a link that leads out of the folder is refused with 403. Only
 * GET and HEAD are answered (405 otherwise). On the loopback address, requests whose {@code Host} header
 * names another host are refused (403), so that a web page elsewhere cannot read the dashboard through a
 * rebound DNS name.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String FILES = "/files/";
    private static final String ARCHITECTURE = "/api/architecture/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "json",
            "application/json; charset=utf-8", "md", "text/markdown; charset=utf-8", "txt", "text/plain; charset=utf-8",
            "csv", "text/csv; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "log", "text/plain; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private final OutputFolder folder;
    private final Path realDirectory;
    private final HttpServer server;
    private final ExecutorService threads;

    private DashboardServer(OutputFolder folder, HttpServer server, ExecutorService threads) throws IOException {
        this.folder = folder;
        this.realDirectory = folder.directory().toRealPath();
        this.server = server;
        this.threads = threads;
    }

    /**
     * Starts serving {@code folder} on {@code address:port} ({@code port} 0: any free port).
     *
     * @throws java.net.BindException when the port is taken or the address is not this machine's
     * @throws IOException            when the server cannot start otherwise
     */
    public static DashboardServer start(OutputFolder folder, InetAddress address, int port) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(address, "address");
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 32);
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dashboard-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        DashboardServer dashboard = new DashboardServer(folder, server, threads);
        server.createContext("/", dashboard::handle);
        server.setExecutor(threads);
        server.start();
        return dashboard;
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8765/}. */
    public String url() {
        InetAddress host = server.getAddress().getAddress();
        String name = host.getHostAddress().contains(":") ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return "http://" + name + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET and HEAD are answered\n"));
                return;
            }
            if (!hostAllowed(exchange)) {
                send(exchange, 403, "text/plain; charset=utf-8", bytes("this dashboard answers requests to its own address only\n"));
                return;
            }
            String path = decodedPath(exchange.getRequestURI().getRawPath());
            if (path == null) {
                send(exchange, 400, "text/plain; charset=utf-8", bytes("the path is not valid percent-encoded UTF-8\n"));
                return;
            }
            if (escapes(path)) {
                send(exchange, 403, "text/plain; charset=utf-8", bytes("paths outside the output folder are refused\n"));
                return;
            }
            route(exchange, path);
        } catch (RuntimeException e) {
            LOG.warn("dashboard request {} failed", exchange.getRequestURI(), e);
            try {
                sendJson(exchange, 500, DashboardData.graphError(String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the answer may have begun already; the client sees a broken response
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/") || path.equals("/index.html")) {
            send(exchange, 200, TYPES.get("html"), bytes(ReportFile.livePage()));
        } else if (path.equals("/api/dashboard")) {
            sendJson(exchange, 200, folder.dashboard());
        } else if (path.equals("/api/trials")) {
            sendJson(exchange, 200, folder.dashboard().path("trials"));
        } else if (path.startsWith(ARCHITECTURE)) {
            long id;
            try {
                id = Long.parseLong(path.substring(ARCHITECTURE.length()));
            } catch (NumberFormatException e) {
                sendJson(exchange, 400, DashboardData.graphError("a trial id is a whole number"));
                return;
            }
            Optional<ObjectNode> drawing = folder.architecture(id);
            if (drawing.isPresent()) {
                sendJson(exchange, 200, drawing.get());
            } else {
                sendJson(exchange, 404, DashboardData.graphError("there is no trial " + id));
            }
        } else if (path.startsWith(FILES)) {
            file(exchange, path.substring(FILES.length()));
        } else {
            send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
        }
    }

    private void file(HttpExchange exchange, String relative) throws IOException {
        Path asked = Path.of(relative);
        if (relative.isEmpty() || asked.isAbsolute()) {
            send(exchange, 403, "text/plain; charset=utf-8", bytes("paths outside the output folder are refused\n"));
            return;
        }
        Path file = folder.directory().resolve(asked).normalize();
        if (!file.startsWith(folder.directory())) {
            send(exchange, 403, "text/plain; charset=utf-8", bytes("paths outside the output folder are refused\n"));
            return;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
            return;
        }
        Path real = file.toRealPath();
        if (!real.startsWith(realDirectory)) {
            send(exchange, 403, "text/plain; charset=utf-8", bytes("paths outside the output folder are refused\n"));
            return;
        }
        if (!Files.isRegularFile(real)) {
            send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
            return;
        }
        String name = real.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        send(exchange, 200, type == null ? "application/octet-stream" : type, Files.readAllBytes(real));
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

    private boolean hostAllowed(HttpExchange exchange) {
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            return true;
        }
        List<String> hosts = exchange.getRequestHeaders().get("Host");
        if (hosts == null || hosts.isEmpty()) {
            return true;
        }
        String host = hosts.get(0).trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = DashboardData.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        send(exchange, status, TYPES.get("json"), bytes);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
