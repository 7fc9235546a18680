package io.nas4j.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.report.ArchitectureGraph;
import io.nas4j.report.StoreSnapshot;
import io.nas4j.runner.training.TrainingSpaces;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard as a browser shows it: a real search on the embedded digits set (four candidates trained
 * with DJL), served by {@code nas serve}, rendered by headless Chromium; the rendered DOM must hold the
 * stored trials with their numbers, the charts with one point per trial or epoch, and the drawing of the
 * best network; the static {@code report.html} must render the same from {@code file://}. Screenshots of
 * both are kept in {@code target/} as build artifacts.
 *
 * <p>Skipped, saying so, when no Chromium binary is installed (Debian: {@code apt-get install chromium};
 * {@code .ci/run} installs it), or names one with the system property {@code nas4j.chromium}.
 */
class DashboardInChromiumTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final long SEED = 1;
    private static final int TRIALS = 4;
    private static final int EPOCHS = 2;

    private static Path chromium;
    private static Path root;
    private static Path search;
    private static Thread serving;
    private static String url;

    @BeforeAll
    static void aServedSearch() throws Exception {
        chromium = chromium().orElse(null);
        assumeTrue(chromium != null, "skipped: no Chromium binary (chromium, chromium-headless-shell, chromium-browser or "
                + "google-chrome on the PATH, or -Dnas4j.chromium=PATH); install it with 'apt-get install chromium'");
        root = Files.createTempDirectory("nas4j-chromium");
        search = root.resolve("search");
        Outcome outcome = CliRun.run(INJECTOR, "search", "--budget", Integer.toString(TRIALS), "--epochs",
                Integer.toString(EPOCHS), "--final-epochs", "1", "--workers", "0", "--seed", Long.toString(SEED),
                "--out", search.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();

        StringWriter out = new StringWriter();
        serving = new Thread(() -> {
            CommandLine commandLine = NasCommand.commandLine(INJECTOR);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(new StringWriter(), true));
            commandLine.execute("serve", "--out", search.toString(), "--port", "0");
        });
        serving.setDaemon(true);
        serving.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!out.toString().contains("dashboard of") && serving.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Matcher address = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher(out.toString());
        assertThat(address.find()).as(out.toString()).isTrue();
        url = address.group(1);
    }

    @AfterAll
    static void stopServing() throws InterruptedException {
        if (serving != null) {
            serving.interrupt();
            serving.join(10_000);
        }
    }

    @Test
    void theServedDashboardShowsTheStoredTrialsChartsAndNetwork() throws Exception {
        String dom = render(url, "dashboard-live.png");

        assertRendersTheSearch(dom);
        assertThat(dom).contains("class=\"status live\"");
    }

    @Test
    void theStaticReportRendersTheSameFromDisk() throws Exception {
        String dom = render(search.resolve("report.html").toUri().toString(), "dashboard-report.png");

        assertRendersTheSearch(dom);
        assertThat(dom).contains("report written");
    }

    @Test
    void aBenchmarkReportDrawsItsCurvesAgainstTrialsAndAgainstCost() throws Exception {
        Path bench = root.resolve("bench");
        Outcome outcome = CliRun.run(INJECTOR, "bench", "--suite", "nb201", "--strategies", "random,successive-halving",
                "--runs", "2", "--budget-epochs", "600", "--data-dir", TestData.directory().toString(),
                "--out", bench.toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();

        String dom = render(bench.resolve("report.html").toUri().toString(), "bench-report.png");

        // 600 epochs allow 50 trials of 12: trial checkpoints 10, 25, 50 and cost checkpoints 120, 300, 600
        assertThat(all(dom, "<circle class=\"(anytime-pt)[ \"]")).hasSize(2 * 3);
        assertThat(all(dom, "<circle class=\"(cost-pt)[ \"]")).hasSize(2 * 3);
        String costs = between(dom, "<table id=\"strategy-costs\">", "</table>");
        assertThat(costs).contains("<th>120</th><th>300</th><th>600</th><th>epochs per run</th>");
        // successive halving: a bracket of 17 trials of 12 epochs and their best at 200, then 16 more of 12
        assertThat(between(costs, "<tr data-strategy=\"successive-halving\">", "</tr>")).contains("596 ± 0", "34.0 ± 0.0");
        assertThat(between(costs, "<tr data-strategy=\"random\">", "</tr>")).contains("600 ± 0", "50.0 ± 0.0");
    }

    private static void assertRendersTheSearch(String dom) {
        List<TrialRecord> trials = StoreSnapshot.read(search).orElseThrow().trials();
        List<TrialRecord> complete = trials.stream().filter(trial -> trial.state() == TrialState.COMPLETE).toList();
        assertThat(complete).as("the search completed trials").isNotEmpty();

        // the table: one row per stored trial, with its state and accuracy
        List<String> rows = all(dom, "<tr data-trial=\"(\\d+)\"");
        assertThat(rows).containsExactlyElementsOf(trials.stream().map(trial -> Long.toString(trial.id())).toList());
        for (TrialRecord trial : trials) {
            String row = between(dom, "<tr data-trial=\"" + trial.id() + "\"", "</tr>");
            assertThat(row).contains(">" + trial.state().name() + "<");
            if (trial.state() == TrialState.COMPLETE) {
                String value = between(row, "data-col=\"value\">", "<");
                assertThat(Double.parseDouble(value)).as("trial " + trial.id())
                        .isCloseTo(trial.metrics().get("accuracy"), org.assertj.core.data.Offset.offset(5e-5));
            }
        }
        // best so far: one point per complete trial; Pareto: one point per complete trial, the front marked
        assertThat(all(dom, "<circle class=\"(best-pt)[ \"]")).hasSize(complete.size());
        assertThat(all(dom, "<circle class=\"(pareto-pt)[ \"]")).hasSize(complete.size());
        assertThat(all(dom, "<circle class=\"pareto-pt (front-pt)[ \"]")).hasSize(frontSize(complete));
        // the best trial is selected: its learning curve has one point per epoch, its network is drawn
        TrialRecord best = complete.stream().max(Comparator.comparingDouble(trial -> trial.metrics().get("accuracy")))
                .orElseThrow();
        assertThat(dom).contains("Learning curve — trial " + best.id(), "Architecture — trial " + best.id());
        assertThat(all(dom, "<circle class=\"(curve-pt)[ \"]")).hasSize(best.curve().size()).hasSize(EPOCHS);
        assertThat(all(dom, "<rect class=\"(node)[ \"]")).hasSize(drawing(best.genome()).nodes().size());
    }

    /** Complete trials that no trial with fewer parameters beats on accuracy. */
    private static int frontSize(List<TrialRecord> complete) {
        List<TrialRecord> sorted = new ArrayList<>(complete);
        sorted.sort(Comparator.comparingDouble((TrialRecord trial) -> trial.metrics().get("params"))
                .thenComparing(Comparator.comparingDouble((TrialRecord trial) -> trial.metrics().get("accuracy")).reversed()));
        int front = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (TrialRecord trial : sorted) {
            if (trial.metrics().get("accuracy") > best) {
                best = trial.metrics().get("accuracy");
                front++;
            }
        }
        return front;
    }

    private static ArchitectureGraph drawing(String genome) {
        TaskHead head = ClassificationTask.digits(SEED).head();
        return drawing(TrainingSpaces.create("chain", head.input()), head, genome);
    }

    private static <G extends io.nas4j.core.genome.Genome> ArchitectureGraph drawing(SearchSpace<G> space, TaskHead head,
                                                                                     String genome) {
        return ArchitectureGraph.of(space.decode(space.parse(genome), head));
    }

    /** The DOM after the page's scripts ran, and a screenshot in target/. */
    private static String render(String address, String screenshot) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(root, "profile");
        String dom = chromium(profile, "--virtual-time-budget=8000", "--dump-dom", address);
        Path picture = Path.of("target").toAbsolutePath().resolve(screenshot);
        Files.deleteIfExists(picture);
        chromium(profile, "--virtual-time-budget=8000", "--window-size=1400,1700", "--hide-scrollbars",
                "--screenshot=" + picture, address);
        assertThat(picture).exists();
        assertThat(Files.size(picture)).isGreaterThan(20_000);
        return dom;
    }

    private static String chromium(Path profile, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(root, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + command);
        }
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static Optional<Path> chromium() {
        String named = System.getProperty("nas4j.chromium");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(folder -> Path.of(folder, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'" + start + "' in the page").isNotNegative();
        int to = text.indexOf(end, from + start.length());
        return text.substring(from + start.length(), to < 0 ? text.length() : to);
    }
}
