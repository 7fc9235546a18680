package io.nas4j.benchmarks.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A single progress line on stderr, redrawn in place. It is drawn only when the process talks to a
 * terminal: in a pipe or a log file carriage returns would only add noise.
 */
final class ProgressLine {

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private boolean drawn;

    ProgressLine(PrintWriter err, String label) {
        this(err, label, System.console() != null);
    }

    ProgressLine(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    void update(int done, int total, String detail) {
        if (!enabled) {
            return;
        }
        err.printf(Locale.ROOT, "\r%s: %d/%d %s\033[K", label, done, total, detail);
        err.flush();
        drawn = true;
    }

    /** Ends the line so that later output starts on a fresh one. */
    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
