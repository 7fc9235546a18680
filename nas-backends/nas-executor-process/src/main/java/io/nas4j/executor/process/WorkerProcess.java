package io.nas4j.executor.process;

import io.nas4j.core.trial.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM of the pool: starts it, writes its input, reads its standard output and standard error
 * on two daemon threads of its own, and stops it. What the worker says is passed to a {@link Listener},
 * on the output thread; after the process has ended that thread reports exactly one of
 * {@link Listener#startFailed} (it never became ready) or {@link Listener#died} (it had been ready).
 */
final class WorkerProcess {

    // The pool's logger, so that one name configures everything the pool and its workers say.
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPoolExecutor.class);

    /** Lines of output kept for the reason of a failed start and the log of a death. */
    private static final int KEPT_LINES = 20;

    /** How long a worker that closed its output may take to exit before it is killed. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    /** What a worker process reports; called on the worker's output thread. */
    interface Listener {

        void ready(WorkerProcess worker);

        void result(WorkerProcess worker, long id, TrialResult result);

        /** The process ended before it was ready; {@code reason} is one sentence. */
        void startFailed(WorkerProcess worker, String reason);

        /** The process ended after it had been ready. */
        void died(WorkerProcess worker, int exitStatus);
    }

    private final int number;
    private final Process process;
    private final Writer input;
    private final Listener listener;
    private final Deque<String> outputLines = new ArrayDeque<>();
    private final Thread outputReader;
    private final Thread errorReader;
    private volatile boolean ready;
    private volatile String startError;

    private WorkerProcess(int number, Process process, Listener listener) {
        this.number = number;
        this.process = process;
        this.listener = listener;
        this.input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.outputReader = daemon("nas4j-worker-" + number + "-output", this::readOutput);
        this.errorReader = daemon("nas4j-worker-" + number + "-error", this::readErrors);
    }

    /**
     * Starts the process and sends it the configuration line; its readiness arrives through the listener.
     *
     * @throws IOException when the process cannot be started at all (no such java binary)
     */
    static WorkerProcess start(int number, List<String> command, Map<String, String> environment,
                               String configurationLine, Listener listener) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        WorkerProcess worker = new WorkerProcess(number, builder.start(), listener);
        worker.errorReader.start();
        worker.outputReader.start();
        try {
            worker.send(configurationLine);
        } catch (IOException e) {
            // The process is already gone; the output thread reports why once it sees the end.
            LOG.debug("worker {} did not take its configuration", number, e);
        }
        return worker;
    }

    int number() {
        return number;
    }

    long pid() {
        return process.pid();
    }

    /** Writes one line to the worker's standard input. */
    void send(String line) throws IOException {
        synchronized (input) {
            input.write(line);
            input.write('\n');
            input.flush();
        }
    }

    /**
     * The last lines the worker wrote outside the protocol, oldest first: its standard error and stray
     * lines on standard output, where the JVM writes the summary of a native crash.
     */
    List<String> lastOutputLines() {
        synchronized (outputLines) {
            return List.copyOf(outputLines);
        }
    }

    /** Kills the process at once; the output thread then reports its end as usual. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Asks the process to end: closes its input (an idle worker exits on its own) and sends it a
     * termination signal. {@link #awaitStop} finishes the job.
     */
    void requestStop() {
        try {
            synchronized (input) {
                input.close();
            }
        } catch (IOException e) {
            LOG.debug("worker {} input was already closed", number, e);
        }
        // Descendants are found through the worker, so they must be signalled before it goes.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** Waits until {@code deadline} for the process to end, then kills it, and joins the reader threads. */
    void awaitStop(Instant deadline) {
        try {
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!process.waitFor(left, TimeUnit.MILLISECONDS)) {
                LOG.warn("worker {} (pid {}) did not stop within the grace period; killing it", number, pid());
                kill();
                process.waitFor();
            }
            // A listener that closes the pool runs on the output thread, which cannot wait for itself.
            if (Thread.currentThread() != outputReader) {
                outputReader.join();
            }
            errorReader.join();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput() {
        try (BufferedReader reader = reader(process.getInputStream())) {
            String line;
            while ((line = reader.readLine()) != null) {
                handle(line);
            }
        } catch (IOException e) {
            LOG.debug("worker {} output ended", number, e);
        }
        int status = awaitExit();
        try {
            // The reason of a failed start is often the last thing written to standard error.
            errorReader.join(EXIT_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ready) {
            listener.died(this, status);
        } else {
            listener.startFailed(this, startFailure(status));
        }
    }

    private void handle(String line) {
        Optional<WorkerProtocol.Reply> reply = WorkerProtocol.readReply(line);
        if (reply.isEmpty()) {
            // Native code can write to the process's standard output; it is output, not protocol.
            LOG.info("worker {} (stdout): {}", number, line);
            remember(line);
        } else if (reply.get() instanceof WorkerProtocol.Ready && !ready) {
            ready = true;
            listener.ready(this);
        } else if (reply.get() instanceof WorkerProtocol.StartError error && !ready) {
            startError = error.reason();
        } else if (reply.get() instanceof WorkerProtocol.Result result && ready) {
            listener.result(this, result.id(), result.result());
        } else {
            LOG.warn("worker {} sent a line out of turn, skipped: {}", number, WorkerProtocol.abbreviate(line));
        }
    }

    private void readErrors() {
        try (BufferedReader reader = reader(process.getErrorStream())) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.info("worker {}: {}", number, line);
                remember(line);
            }
        } catch (IOException e) {
            LOG.debug("worker {} standard error ended", number, e);
        }
    }

    private void remember(String line) {
        synchronized (outputLines) {
            if (outputLines.size() == KEPT_LINES) {
                outputLines.removeFirst();
            }
            outputLines.addLast(line);
        }
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker {} (pid {}) closed its output but did not exit; killing it", number, pid());
                kill();
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return -1;
        }
    }

    private String startFailure(int status) {
        if (startError != null) {
            return startError;
        }
        String text = "the worker process exited (exit status " + status + ") before it was ready";
        // The JVM launcher puts its reason first ("Error: Could not find or load main class ...").
        return lastOutputLines().stream().filter(line -> !line.isBlank()).findFirst()
                .map(line -> text + ": " + line.strip()).orElse(text);
    }

    private static BufferedReader reader(InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "worker " + number + " (pid " + process.pid() + ")";
    }
}
