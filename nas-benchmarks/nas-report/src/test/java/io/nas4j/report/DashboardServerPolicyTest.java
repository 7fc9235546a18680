package io.nas4j.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.nas4j.report.RawHttp.body;
import static io.nas4j.report.RawHttp.exchange;
import static io.nas4j.report.RawHttp.get;
import static io.nas4j.report.RawHttp.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real server and the static report let a browser run: the page's own script and no other, and
 * the folder's files in a sandbox whose origin cannot read the API.
 */
class DashboardServerPolicyTest {

    private static final String EVIL_SCRIPT = "<script>fetch('/api/dashboard').then(r => r.text()).then(alert)</script>";

    @TempDir
    static Path root;
    private static Path folder;
    private static DashboardServer server;

    @BeforeAll
    static void serve() throws IOException {
        folder = RawHttp.searchFolder(root);
        Files.writeString(folder.resolve("evil.html"), "<!DOCTYPE html><p>hello</p>" + EVIL_SCRIPT);
        Files.writeString(folder.resolve("evil.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\">" + EVIL_SCRIPT + "</svg>");
        server = DashboardServer.start(new OutputFolder(folder, Architectures.none("no drawings here")),
                InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageMayRunItsOwnScriptAndNoOther() throws Exception {
        String answer = exchange(server.port(), get("/"));
        String policy = header(answer, "Content-Security-Policy");

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(directive(policy, "script-src")).isEqualTo("script-src " + hashOfTheScriptIn(body(answer)));
        assertThat(policy).doesNotContain("unsafe-eval").contains("default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'");
        // the data element is JSON, which no browser runs; every other script element is the hashed one
        assertThat(all(body(answer), "<script[^>]*>")).containsExactly("<script id=\"nas-data\" type=\"application/json\">",
                "<script>");
    }

    @Test
    void theStaticReportCarriesTheSamePolicyInItsPage() throws Exception {
        String report = Files.readString(ReportFile.write(new OutputFolder(folder, Architectures.none("no drawings here"))));
        Matcher meta = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(report);

        assertThat(meta.find()).as("a policy in report.html").isTrue();
        assertThat(report.indexOf(meta.group())).isLessThan(report.indexOf("<script"));
        assertThat(directive(meta.group(1), "script-src")).isEqualTo("script-src " + hashOfTheScriptIn(report));
        assertThat(meta.group(1)).contains("default-src 'none'").doesNotContain("connect-src");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"evil.html", "evil.svg", "result.json"})
    void filesOfTheFolderAreServedAsTheyAreInASandbox(String name) throws Exception {
        String answer = exchange(server.port(), get("/files/" + name));
        String policy = header(answer, "Content-Security-Policy");

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(body(answer)).isEqualTo(Files.readString(folder.resolve(name)));
        // a sandbox without allow-same-origin gives the file an opaque origin, which the API does not answer
        assertThat(directive(policy, "sandbox")).isIn("sandbox", "sandbox allow-scripts");
        assertThat(policy).doesNotContain("allow-same-origin", "connect-src").contains("default-src 'none'");
        assertThat(directive(policy, "script-src")).isEqualTo("script-src " + hashOfTheScriptIn(ReportFile.livePage()));
    }

    /** {@code 'sha256-...'} of the text of the page's one script element without attributes. */
    private static String hashOfTheScriptIn(String page) throws Exception {
        int open = page.indexOf("<script>") + "<script>".length();
        String script = page.substring(open, page.indexOf("</script>", open));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
        return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    }

    /** The directive of a policy that begins with {@code name}, e.g. {@code script-src 'self'}. */
    private static String directive(String policy, String name) {
        for (String directive : policy.split(";")) {
            if (directive.strip().equals(name) || directive.strip().startsWith(name + " ")) {
                return directive.strip();
            }
        }
        return null;
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
