package io.nas4j.executor.process;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.trial.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The main class of a worker process of {@link WorkerPoolExecutor}. Its one argument is the factory class of
 * the pool's {@link TrialRecipe}. It reads the recipe's configuration line from standard input, builds the
 * recipe's evaluation once, answers {@code {"ready": true}} (or {@code {"error": "..."}} and exits with
 * status {@value #START_FAILED}), then evaluates one trial per input line, one at a time, and writes one
 * result line each. It exits with status 0 when standard input ends, which is also how it goes away when the JVM
 * that started it dies.
 *
 * <p>The protocol: one JSON object per line, UTF-8.
 * <pre>
 * pool to worker, once:      {"configuration": "..."}
 * worker to pool, once:      {"ready": true}  or  {"error": "..."}
 * pool to worker, per trial: {"id": 7, "genome": "22212220", "fidelity": 12.0 or "full", "attempt": 1,
 *                             "incumbent": {"metric": "accuracy", "value": 0.95, "trial": 3}}  (incumbent optional)
 * worker to pool, per trial: {"id": 7, "state": "COMPLETE", "metrics": {"accuracy": 0.93}, "cost": 1.0,
 *                             "reason": "", "curve": [0.81, 0.93]}
 * </pre>
 * The configuration travels as a JSON string so that text with line breaks (a pretty-printed
 * configuration) stays one line. The genome is the text form of the evaluation's space. Numbers that JSON
 * cannot hold (NaN, infinities) travel as the strings {@link Double#toString} writes.
 *
 * <p>Standard output carries protocol lines only: {@code System.out} is pointed at standard error before
 * anything else runs, so an estimator that prints cannot corrupt the protocol. Logging goes to standard error,
 * which the pool forwards to its log.
 *
 * <p>A trial whose estimator throws is answered as FAILED with {@code "ExceptionName: message"} and the
 * worker goes on; so is one whose genome the evaluation's space cannot read.
 */
public final class WorkerMain {

    /** The exit status after {@code {"error": ...}}: the recipe's evaluation could not be built. */
    public static final int START_FAILED = 3;

    /** The exit status when the pool sent a line that is not a trial request. */
    public static final int PROTOCOL_ERROR = 4;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        PrintStream protocol = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)),
                false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int status = run(args, input, protocol);
        protocol.flush();
        // An estimator may leave non-daemon threads behind (native engines' pools); they must not keep the worker up.
        System.exit(status);
    }

    /** The worker's life on the given streams; returns the exit status. */
    static int run(String[] args, BufferedReader input, PrintStream protocol) {
        TrialRecipe.Evaluation<?> evaluation;
        try {
            evaluation = start(args, input);
        } catch (StartFailure e) {
            LOG.error("the worker could not start: {}", e.getMessage(), e.getCause());
            send(protocol, WorkerProtocol.startError(e.getMessage()));
            return START_FAILED;
        }
        send(protocol, WorkerProtocol.ready());
        try {
            return serve(evaluation, input, protocol);
        } catch (IOException e) {
            LOG.error("standard input failed", e);
            return PROTOCOL_ERROR;
        }
    }

    private static TrialRecipe.Evaluation<?> start(String[] args, BufferedReader input) throws StartFailure {
        if (args.length != 1) {
            throw new StartFailure("usage: " + WorkerMain.class.getName() + " FACTORY_CLASS", null);
        }
        String configuration = readConfiguration(input);
        try {
            return new TrialRecipe(args[0], configuration).build();
        } catch (TrialRecipe.UnusableFactoryException e) {
            throw new StartFailure(e.getMessage(), e);
        } catch (Exception | Error e) {
            throw new StartFailure(describe(e), e);
        }
    }

    private static String readConfiguration(BufferedReader input) throws StartFailure {
        try {
            String line = input.readLine();
            if (line == null) {
                throw new StartFailure("standard input ended before the configuration line", null);
            }
            return WorkerProtocol.readConfiguration(line);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartFailure(describe(e), e);
        }
    }

    private static int serve(TrialRecipe.Evaluation<?> evaluation, BufferedReader input, PrintStream protocol)
            throws IOException {
        String line;
        while ((line = input.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            WorkerProtocol.Request request;
            try {
                request = WorkerProtocol.readRequest(line);
            } catch (IllegalArgumentException e) {
                LOG.error("not a trial request, stopping: {}", e.getMessage());
                return PROTOCOL_ERROR;
            }
            send(protocol, WorkerProtocol.result(request.id(), evaluate(evaluation, request)));
        }
        return 0;
    }

    /** Runs one trial and turns anything it throws into a FAILED result, as the in-process executor does. */
    static TrialResult evaluate(TrialRecipe.Evaluation<?> evaluation, WorkerProtocol.Request request) {
        try {
            return evaluation.evaluate(request.id(), request.genome(), request.fidelity(), request.attempt(),
                    request.incumbent());
        } catch (OutOfMemoryError e) {
            return TrialResult.failed("out of memory: " + e.getMessage());
        } catch (Exception | Error e) {
            // Unlike in-process, an error here cannot hurt the search's JVM: report it and keep serving.
            LOG.info("trial {} failed", request.id(), e);
            return TrialResult.failed(describe(e));
        }
    }

    private static void send(PrintStream protocol, String line) {
        protocol.println(line);
        protocol.flush();
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Why the evaluation could not be built, in one sentence for the trials that wait on it. */
    private static final class StartFailure extends Exception {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
