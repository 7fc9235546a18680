package io.nas4j.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Inject;
import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.report.Architectures;
import io.nas4j.report.DashboardServer;
import io.nas4j.report.OutputFolder;
import io.nas4j.report.ReportFile;
import io.nas4j.report.TabularHeads;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.SearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code nas serve}: a read-only web dashboard of one search or benchmark output folder, live while the
 * search runs (the page polls; every answer is read from the folder when asked), on 127.0.0.1 by default.
 * On start it also writes the folder's {@code report.html}. Runs until interrupted (Ctrl-C).
 *
 * <p>Network drawings need the search's space and task head: a tabular search's come from its table's
 * space; a training search's are rebuilt from its stored configuration on the first drawing asked for
 * (which reads the data set once, to learn the input shape).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a live dashboard of a search or benchmark output folder (read-only, 127.0.0.1 by default).")
final class ServeCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 8765;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "the output folder of 'nas search' or 'nas bench' (holding trials.db, result.json or summary.json)")
    private Path out;

    @Option(names = "--port", paramLabel = "P", description = "the port (default " + DEFAULT_PORT + "; 0: any free port)")
    private Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "the address to listen on (default 127.0.0.1; another address opens the dashboard to the network)")
    private String host;

    @Spec
    private CommandSpec spec;

    private final Map<String, SearchSpace<?>> spaces;
    private final Strategies installed;
    private final TrainingSearch training;
    private final DetectionSearch detection;

    @Inject
    ServeCommand(Map<String, SearchSpace<?>> spaces, Strategies installed, Map<String, TrainingBackend> trainingBackends) {
        this.spaces = spaces;
        this.installed = installed;
        this.training = new TrainingSearch(trainingBackends, installed);
        this.detection = new DetectionSearch(trainingBackends, installed);
    }

    @Override
    public Integer call() {
        Inputs.named(out, "--out");
        if (!Files.isDirectory(out)) {
            throw new UserInputException("--out " + out + " does not exist or is not a folder");
        }
        if (!OutputFolder.isOutputFolder(out)) {
            throw new UserInputException("--out " + out + " holds no " + StoredSearch.FILE
                    + ", result.json or summary.json; give the output folder of 'nas search' or 'nas bench'");
        }
        // a store resume refuses is refused here with the same sentence, before the dashboard shows what it cannot read
        String storeFile = out.toAbsolutePath().normalize().resolve(StoredSearch.FILE).toString();
        StoredSearch.inspectFolder(out).map(held -> held.attributes().get(StoredSearch.CONFIG))
                .ifPresent(config -> ResumeCommand.checkStoredBudget(storeFile, storedBudget(config)));
        int chosenPort = port == null ? DEFAULT_PORT : port;
        if (chosenPort < 0 || chosenPort > 65535) {
            throw new UserInputException("--port must be between 0 and 65535 (0: any free port), got " + chosenPort);
        }
        InetAddress address = address();
        PrintWriter printer = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputFolder folder = new OutputFolder(out, architectures(out));
        DashboardServer server;
        try {
            server = DashboardServer.start(folder, address, chosenPort);
        } catch (BindException e) {
            if (!ownAddress(address)) {
                throw new UserInputException("--host " + host + " is not an address of this machine", e);
            }
            throw new UserInputException("--port " + chosenPort + " cannot be used on " + address.getHostAddress() + " ("
                    + e.getMessage() + "); choose another port, or 0 for any free one", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the dashboard server: " + e.getMessage(), e);
        }
        try (server) {
            try {
                printer.println("wrote " + ReportFile.write(folder));
            } catch (UncheckedIOException | IllegalStateException e) {
                err.println("nas serve: could not write the report (" + e.getMessage() + "); serving the dashboard anyway");
                err.flush();
            }
            printer.println("dashboard of " + folder.directory() + " at " + server.url()
                    + (address.isLoopbackAddress() ? "" : " (open to the network)") + "; Ctrl-C stops it");
            printer.flush();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return NasCommand.OK;
    }

    /** The budget in a stored configuration; null where it has none or cannot be read (the dashboard then shows none). */
    private static Integer storedBudget(String config) {
        try {
            JsonNode budget = JSON.readTree(config).path("budget");
            return budget.canConvertToInt() && budget.isIntegralNumber() ? budget.intValue() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private InetAddress address() {
        if (host == null) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserInputException("--host " + host + " is not an address of this machine", e);
        }
    }

    private static boolean ownAddress(InetAddress address) {
        try {
            return address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
        }
    }

    /**
     * How the folder's genomes become networks: rebuilt lazily from the search's stored kind and
     * configuration; none for a benchmark or a folder without a store.
     */
    private Architectures architectures(Path folder) {
        OutputFolder reader = new OutputFolder(folder, Architectures.none("unused"));
        String kind;
        JsonNode config;
        try {
            kind = reader.kind().orElse(null);
            config = reader.config().orElse(null);
        } catch (IllegalStateException e) {
            throw new UserInputException("--out " + folder + ": " + e.getMessage(), e);
        }
        if (kind == null || config == null) {
            return Architectures.none("the folder holds no trial store with the search's configuration; "
                    + "its report.html holds the drawings made when the search ended");
        }
        return Architectures.lazy(() -> resolve(kind, config));
    }

    private Architectures resolve(String kind, JsonNode stored) {
        SearchConfig config;
        try {
            config = JSON.treeToValue(stored, SearchConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException("the stored configuration cannot be read: " + e.getMessage(), e);
        }
        if (kind.equals(StoredSearch.TABULAR)) {
            SearchSpace<?> space = spaces.get(config.space());
            if (space == null) {
                throw new IllegalStateException("the space " + config.space() + " is not installed");
            }
            return Architectures.of(space, TabularHeads.forDataset(config.dataset()));
        }
        String backend = config.backend() != null ? config.backend() : "djl";
        TrainingSearchSpec used = TrainingDefaults.resolve(config, backend, installed);
        if (used.task().equals(DetectionSearch.TASK)) {
            DetectionSearch.Job<?> job = detection.job(used);
            return Architectures.of(job.space(), job.task().head());
        }
        TrainingSearch.Job<?> job = training.job(used);
        return Architectures.of(job.space(), job.task().head());
    }
}
