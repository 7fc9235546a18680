package io.nas4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.objective.Objective;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard page, and {@value #FILE}: the same page with its data embedded as JSON, so that it opens
 * from disk without a server and shows what the served dashboard showed when it was written (the trials,
 * the charts and the drawings of the best trials' networks: up to {@value #MAX_DRAWINGS}, fewer when they
 * are large, at most {@value #MAX_DRAWN_BOXES} boxes in all).
 */
public final class ReportFile {

    /** The static report in an output folder. */
    public static final String FILE = "report.html";
    /** A search's result file. */
    static final String RESULT_FILE = "result.json";
    /** Networks drawn into a report at most; more would make a large search's report unwieldy. */
    static final int MAX_DRAWINGS = 300;
    /**
     * Boxes of all drawings in a report at most: about 250 bytes of JSON each, so about 2 MB of drawings;
     * large networks get fewer drawings (NAS-Bench-201's, about 180 boxes each, some 45).
     */
    static final int MAX_DRAWN_BOXES = 8_000;

    private static final String TEMPLATE = "dashboard.html";
    private static final String DATA_MARK = "/*NAS-DATA*/null";
    private static final String POLICY_MARK = "<!--NAS-POLICY-->";
    /**
     * The page's script is the same text in every answer and every report, so its hash pins it: unlike a
     * nonce it needs nothing per answer, and it holds in a report opened from disk, where a nonce would be
     * one fixed word for anyone who reads the file.
     */
    private static final String SCRIPT_SOURCE = hashSource(template());

    private ReportFile() {
    }

    /** The page the server sends: no data, it polls {@code api/dashboard}; the server's header sets its policy. */
    public static String livePage() {
        return template().replace(POLICY_MARK, "").replace(DATA_MARK, "null");
    }

    /**
     * The content security policy source that allows the page's own script and nothing else:
     * {@code 'sha256-...'} of its text.
     */
    static String scriptSource() {
        return SCRIPT_SOURCE;
    }

    /** The page with {@code data} embedded (and no polling). */
    public static String staticPage(ObjectNode data) {
        String json;
        try {
            json = DashboardData.JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard data as JSON", e);
        }
        // '<' only occurs inside JSON strings, where \u003c means the same: no "</script>" can end the element
        // a file opened from disk has no header: the policy comes with it (its own script, no requests)
        String policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
                + SCRIPT_SOURCE + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">";
        return template().replace(POLICY_MARK, policy).replace(DATA_MARK, json.replace("<", "\\u003c"));
    }

    /** Writes {@code folder}'s report as it is now into {@code folder/report.html}; returns the file. */
    public static Path write(OutputFolder folder) {
        ObjectNode data = folder.dashboard();
        return write(folder.directory(), data, folder.architectures());
    }

    /**
     * Writes the report of a search that kept its trials elsewhere (in memory, or in a store other than
     * {@code DIR/trials.db}) into {@code directory/report.html}; {@code result.json} is read when present.
     */
    public static Path writeSearch(Path directory, List<DashboardData.Row> rows, JsonNode config, Objective objective,
                                   Architectures architectures) {
        JsonNode result = null;
        Path resultFile = directory.resolve(RESULT_FILE);
        if (Files.isRegularFile(resultFile)) {
            try {
                result = DashboardData.JSON.readTree(resultFile.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resultFile + ": " + e.getMessage(), e);
            }
        }
        JsonNode used = result != null && result.path("config").isObject() ? result.get("config") : config;
        ObjectNode data = DashboardData.search(OutputFolder.searchTitle(used), directory, rows, used, result, objective,
                architectures);
        return write(directory, data, architectures);
    }

    private static Path write(Path directory, ObjectNode data, Architectures architectures) {
        if ("search".equals(data.path("view").asText())) {
            embedDrawings(data, architectures);
        }
        Path file = directory.resolve(FILE);
        try {
            Files.createDirectories(directory);
            // a partial file that is renamed when complete: a reader never sees half a report
            Path partial = directory.resolve("." + FILE + "." + ProcessHandle.current().pid() + "."
                    + Thread.currentThread().getId() + ".partial");
            try {
                Files.writeString(partial, staticPage(data), StandardCharsets.UTF_8);
                try {
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adds {@code architectures: {id: drawing}} for the best trials, complete ones first. */
    static void embedDrawings(ObjectNode data, Architectures architectures) {
        List<JsonNode> trials = new ArrayList<>();
        data.path("trials").forEach(trials::add);
        boolean maximize = data.path("objective").path("maximize").asBoolean(true);
        Comparator<JsonNode> byValue = Comparator.comparingDouble(trial -> {
            JsonNode value = trial.path("value");
            if (!value.isNumber()) {
                return Double.POSITIVE_INFINITY;
            }
            return maximize ? -value.asDouble() : value.asDouble();
        });
        trials.sort(byValue.thenComparingLong(trial -> trial.path("id").asLong()));
        ObjectNode drawings = data.putObject("architectures");
        int drawn = 0;
        int boxes = 0;
        for (JsonNode trial : trials) {
            if (drawn == MAX_DRAWINGS || boxes >= MAX_DRAWN_BOXES) {
                break;
            }
            String genome = trial.path("genome").asText("");
            if (genome.isEmpty()) {
                drawn++;
                continue;
            }
            Optional<ArchitectureGraph> graph = architectures.graph(genome);
            if (graph.isPresent()) {
                drawings.set(trial.path("id").asText(), DashboardData.graph(graph.get()));
                boxes += graph.get().nodes().size();
            }
            drawn++;
        }
        if (drawn < trials.size()) {
            data.put("architectureNote", "this report draws the networks of the " + drawn
                    + " best trials; 'nas serve --out " + data.path("directory").asText() + "' draws any");
        } else if (drawings.isEmpty()) {
            data.put("architectureNote", "no network could be drawn: "
                    + architectures.unavailable().orElse("the genomes do not decode in the search's space"));
        }
    }

    /** {@code 'sha256-BASE64'} of the page's script: the text between {@code <script>} and {@code </script>}. */
    private static String hashSource(String page) {
        int open = page.indexOf("<script>");
        int close = page.indexOf("</script>", open);
        if (open < 0 || close < 0) {
            throw new IllegalStateException("the resource " + TEMPLATE + " has no <script> element");
        }
        byte[] script = page.substring(open + "<script>".length(), close).getBytes(StandardCharsets.UTF_8);
        try {
            return "'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(script)) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String template() {
        try (InputStream in = ReportFile.class.getResourceAsStream(TEMPLATE)) {
            Objects.requireNonNull(in, "the resource " + TEMPLATE + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + TEMPLATE, e);
        }
    }
}
