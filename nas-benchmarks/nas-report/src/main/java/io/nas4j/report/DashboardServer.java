package io.nas4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard of one output folder over HTTP, read-only, on a small HTTP/1.1 server of its own
 * ({@link HttpListener}: header, idle and send timeouts and a bounded number of connections, so that
 * slow clients cannot hold it). Bound to the loopback address unless told otherwise. Every answer is read
 * from the folder when it is asked for, so the page follows a running search.
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
 * percent-encoded), an absolute file path, or a link that leads out of the folder is refused with 403. Only
 * GET and HEAD are answered (405 otherwise). On the loopback address, requests whose {@code Host} header
 * names another host are refused (403), so that a web page elsewhere cannot read the dashboard through a
 * rebound DNS name; a request target in absolute form ({@code GET http://HOST/...}) must name this server
 * (400 otherwise), and a request with two {@code Host} headers is refused (400).
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
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

    private final OutputFolder folder;
    private final Path realDirectory;
    private final InetAddress bound;
    private HttpListener listener;

    private DashboardServer(OutputFolder folder, InetAddress bound) throws IOException {
        this.folder = folder;
        this.realDirectory = folder.directory().toRealPath();
        this.bound = bound;
    }

    /**
     * Starts serving {@code folder} on {@code address:port} ({@code port} 0: any free port).
     *
     * @throws java.net.BindException when the port is taken or the address is not this machine's
     * @throws IOException            when the server cannot start otherwise
     */
    public static DashboardServer start(OutputFolder folder, InetAddress address, int port) throws IOException {
        return start(folder, address, port, HttpListener.Limits.DEFAULT);
    }

    /** As {@link #start(OutputFolder, InetAddress, int)}, with other time and connection limits. */
    static DashboardServer start(OutputFolder folder, InetAddress address, int port, HttpListener.Limits limits)
            throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(address, "address");
        DashboardServer dashboard = new DashboardServer(folder, address);
        dashboard.listener = HttpListener.start(address, port, dashboard::handle, limits);
        return dashboard;
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** The port the server listens on. */
    public int port() {
        return listener.address().getPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8765/}. */
    public String url() {
        InetAddress host = listener.address().getAddress();
        String name = host.getHostAddress().contains(":") ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return "http://" + name + ":" + port() + "/";
    }

    @Override
    public void close() {
        listener.close();
    }

    private HttpListener.Response handle(HttpListener.Request request) {
        try {
            String method = request.method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                HttpListener.Response refused = plain(405, "only GET and HEAD are answered");
                Map<String, String> headers = new LinkedHashMap<>(refused.headers());
                headers.put("Allow", "GET, HEAD");
                return new HttpListener.Response(405, headers, refused.body());
            }
            if (request.absoluteHost() != null && !ownName(request.absoluteHost(), request)) {
                return plain(400, "this dashboard answers requests for its own address only");
            }
            if (!hostAllowed(request.host())) {
                return plain(403, "this dashboard answers requests to its own address only");
            }
            String path = decodedPath(request.path());
            if (path == null) {
                return plain(400, "the path is not valid percent-encoded UTF-8");
            }
            if (escapes(path)) {
                return plain(403, "paths outside the output folder are refused");
            }
            return route(path);
        } catch (RuntimeException | IOException e) {
            LOG.warn("dashboard request {} failed", request.path(), e);
            return json(500, DashboardData.graphError(String.valueOf(e.getMessage())));
        }
    }

    private HttpListener.Response route(String path) throws IOException {
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

    private HttpListener.Response file(String relative) throws IOException {
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
        String host = HttpListener.hostName(header);
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    /**
     * True when {@code host} names this server: a loopback name, or the address the request arrived at.
     * A browser sends an absolute target to a proxy only; one that reaches the dashboard naming another host
     * was meant for somewhere else.
     */
    private static boolean ownName(String host, HttpListener.Request request) {
        String arrived = request.local().getHostAddress();
        arrived = arrived.contains(":") ? "[" + arrived.replaceAll("%.*", "") + "]" : arrived;
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals(arrived);
    }

    private static HttpListener.Response json(int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = DashboardData.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        return answer(status, TYPES.get("json"), DATA_POLICY, bytes);
    }

    private static HttpListener.Response plain(int status, String message) {
        return HttpListener.text(status, message);
    }

    private static HttpListener.Response answer(int status, String type, String policy, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", policy);
        return new HttpListener.Response(status, headers, body);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
