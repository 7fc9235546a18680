package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --executor E} and {@code --master URL}, a mixin of {@code search}: where trials run. */
final class ExecutorOptions {

    private static final String LOCAL = "local";
    private static final String SPARK = "spark";
    private static final String QUEUE = "queue";

    @Option(names = "--executor", paramLabel = "E",
            description = "where trials run: local (default: this JVM or --workers processes), spark (--workers Spark tasks at once; needs --master and Spark on the class path, which ./nas adds) or queue (training searches: --workers trials wait in the store for 'nas worker --store URL' processes on any host)")
    private String executor;

    @Option(names = "--master", paramLabel = "URL", description = "the Spark master with --executor spark, e.g. spark://host:7077")
    private String master;

    /** {@code --executor} as given, null when not. */
    String given() {
        return executor;
    }

    /** The Spark master, with {@code --executor spark}. */
    String master() {
        return master;
    }

    /** Whether {@code --executor} chose Spark; checks the flag and its master. */
    boolean spark() {
        String chosen = executor == null ? LOCAL : executor;
        Inputs.oneOf(chosen, "--executor", List.of(LOCAL, SPARK, QUEUE));
        if (chosen.equals(SPARK) && (master == null || master.isBlank())) {
            throw new UserInputException("--executor spark needs --master URL, e.g. spark://host:7077 or local[2]");
        }
        if (!chosen.equals(SPARK) && master != null) {
            throw new UserInputException("--master is for --executor spark only");
        }
        return chosen.equals(SPARK);
    }

    /** Whether {@code --executor} chose the queue in the store; checks the flag. */
    boolean queue() {
        return !spark() && QUEUE.equals(executor);
    }
}
