package io.nas4j.cli;

import com.google.inject.Inject;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialStoreSnapshot;
import io.nas4j.core.port.TrialStores;
import io.nas4j.executor.queue.QueueWorker;
import io.nas4j.executor.queue.StoredRecipe;
import io.nas4j.runner.store.StoredSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code nas worker}: runs, on this host, the trials that a search started with {@code --executor queue} puts
 * in its store ({@link QueueWorker}), until it is stopped (SIGTERM hands the running trials back to the
 * queue) or, with {@code --idle-exit}, finds nothing to run for that long. It waits for the search to appear
 * in the store, so workers may start before the search. Each slot trains with one engine thread.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the trials a 'nas search --executor queue' puts in its store, on this host, until stopped.")
final class WorkerCommand implements Callable<Integer> {

    private static final int MAX_SLOTS = 64;
    private static final int DEFAULT_WAIT_SECONDS = 60;
    private static final String SQLITE = "jdbc:sqlite:";

    @Option(names = "--store", paramLabel = "URL", required = true,
            description = "the search's store: jdbc:sqlite:DIR/trials.db (workers on the search's host) or jdbc:postgresql://HOST/DATABASE")
    private String store;

    @Option(names = "--slots", paramLabel = "N", description = "trials trained at once, one engine thread each (default 1)")
    private Integer slots;

    @Option(names = "--name", paramLabel = "NAME", description = "names this worker in the store's records as 'NAME slot K' (default worker)")
    private String name;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", description = "stop after this many seconds without a trial to run (default: run until stopped)")
    private Integer idleExit;

    @Option(names = "--wait", paramLabel = "SECONDS", description = "how long to wait for a search to queue trials in the store (default 60)")
    private Integer waitSeconds;

    @Spec
    private CommandSpec spec;

    @Inject
    WorkerCommand() {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        QueueWorker.Settings settings = settings();
        int wait = waitSeconds == null ? DEFAULT_WAIT_SECONDS : waitSeconds;
        Duration left = awaitQueuedSearch(Duration.ofSeconds(wait), err);
        // one engine thread per slot: the launcher gives a search's own JVM every core
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (System.getProperty("nas4j.tensorflow.threads") == null) {
            System.setProperty("nas4j.tensorflow.threads", "1");
        }
        try (TrialLeases leases = open()) {
            QueueWorker worker = new QueueWorker(leases, settings.withRecipeWait(left));
            Thread hook = new Thread(worker::stop, "nas4j-worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            err.println("worker " + settings.name() + ": running the queued trials of " + describe() + " with "
                    + settings.slots() + (settings.slots() == 1 ? " slot" : " slots"));
            err.flush();
            QueueWorker.Summary summary;
            try {
                summary = worker.run();
            } catch (QueueWorker.NoSearchException e) {
                throw new UserInputException("--store " + describe() + ": " + e.getMessage(), e);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook has handed the trials back
                }
            }
            out.println("worker " + settings.name() + ": " + summary.recorded() + " trials recorded, "
                    + summary.refused() + " results refused, " + summary.released() + " handed back");
            out.flush();
        }
        return NasCommand.OK;
    }

    private QueueWorker.Settings settings() {
        int slotCount = slots == null ? 1 : slots;
        if (slotCount < 1 || slotCount > MAX_SLOTS) {
            throw new UserInputException("--slots must be between 1 and " + MAX_SLOTS + ", got " + slotCount);
        }
        String workerName = name == null ? "worker" : name;
        if (workerName.isBlank() || workerName.contains("#")) {
            throw new UserInputException("--name must not be blank or hold '#', got '" + workerName + "'");
        }
        if (idleExit != null && idleExit < 1) {
            throw new UserInputException("--idle-exit must be at least 1 second, got " + idleExit);
        }
        if (waitSeconds != null && waitSeconds < 0) {
            throw new UserInputException("--wait must be 0 seconds or more, got " + waitSeconds);
        }
        return QueueWorker.Settings.defaults().withSlots(slotCount).withName(workerName)
                .withIdleExit(idleExit == null ? Duration.ZERO : Duration.ofSeconds(idleExit));
    }

    /**
     * Waits, reading the store without creating or changing anything (a new search's SQLite file must not
     * exist before the search creates it), until a search has recorded its queue recipe there.
     *
     * @return what is left of {@code wait}
     */
    private Duration awaitQueuedSearch(Duration wait, PrintWriter err) throws InterruptedException {
        long deadline = System.currentTimeMillis() + wait.toMillis();
        boolean told = false;
        while (true) {
            Optional<TrialStoreSnapshot> snapshot = read();
            if (snapshot.isPresent() && snapshot.get().attribute(StoredRecipe.FACTORY).isPresent()) {
                return Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()));
            }
            if (snapshot.isPresent() && snapshot.get().attribute(StoredSearch.KIND).isPresent()) {
                throw new UserInputException("--store " + describe() + " holds a search that does not queue its trials; "
                        + "start one with 'nas search --executor queue'");
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new UserInputException("--store " + describe() + " holds no search (waited " + wait.toSeconds()
                        + " s); start one with 'nas search --executor queue', or give the store URL it uses");
            }
            if (!told) {
                err.println("worker: waiting up to " + wait.toSeconds() + " s for a search in " + describe());
                err.flush();
                told = true;
            }
            Thread.sleep(Math.min(500, Math.max(1, deadline - System.currentTimeMillis())));
        }
    }

    private Optional<TrialStoreSnapshot> read() {
        try {
            return TrialStores.read(store);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--" + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new UserInputException("--store: " + e.getMessage(), e);
        }
    }

    private TrialLeases open() {
        try {
            return TrialStores.openLeases(store);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--" + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new UserInputException("--store: " + e.getMessage(), e);
        }
    }

    /** The store's file, or its URL without credentials. */
    private String describe() {
        int query = store.indexOf('?');
        String text = query >= 0 ? store.substring(0, query) : store;
        if (text.regionMatches(true, 0, SQLITE, 0, SQLITE.length())) {
            return text.substring(SQLITE.length());
        }
        int scheme = text.indexOf("//");
        int at = text.indexOf('@');
        return scheme >= 0 && at > scheme ? text.substring(0, scheme + 2) + text.substring(at + 1) : text;
    }
}
