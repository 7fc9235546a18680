package io.nas4j.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: on a terminal a single line redrawn in place with a bar, the count, the elapsed
 * time and an estimate of the time left; in a pipe or a log file (where carriage returns would only add
 * noise) one plain line per update, at most one every {@value #LOG_INTERVAL_SECONDS} seconds unless the
 * work is done, so that a long search run in the background still shows where it is.
 *
 * <p>The estimate extrapolates from the units finished since {@link #start}. Units that take a tenth of a second
 * or more (epochs, trained candidates) give one at once; faster ones (table lookups) only once a second has
 * passed, since what their first milliseconds measure is mostly start-up (a JIT warming up, a first query), and
 * extrapolated over thousands of units that was off by orders of magnitude.
 */
final class ProgressLine {

    static final long LOG_INTERVAL_SECONDS = 10;
    private static final Duration MIN_TIME_FOR_ESTIMATE = Duration.ofSeconds(1);
    private static final Duration SLOW_UNIT = Duration.ofMillis(100);
    private static final int BAR = 24;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private long started;
    private int startedAt;
    private long lastLogged = Long.MIN_VALUE;
    private boolean drawn;

    ProgressLine(PrintWriter err, String label) {
        this(err, label, System.console() != null, System::nanoTime);
    }

    ProgressLine(PrintWriter err, String label, boolean terminal, LongSupplier nanoClock) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
    }

    /**
     * The work starts now, with {@code done} units already done (a resumed search's trials): the elapsed time
     * and the estimate count from here, and the count from {@code done}.
     */
    void start(int done) {
        started = nanoClock.getAsLong();
        startedAt = done;
    }

    /**
     * Reports {@code done} of {@code total} units. The estimate of the time left assumes the remaining units
     * take as long on average as the ones finished since the start, capped by {@code deadline} when there is one.
     */
    void update(int done, int total, String detail) {
        update(done, total, detail, null);
    }

    /** Reports a training's epoch {@code epoch} of {@code epochs} (as planned so far) with its mean training loss. */
    void epoch(int epoch, int epochs, double trainLoss) {
        update(epoch, epochs, String.format(Locale.ROOT, "epochs, training loss %.4f", trainLoss));
    }

    void update(int done, int total, String detail, Duration deadline) {
        long now = nanoClock.getAsLong();
        Duration elapsed = Duration.ofNanos(now - started);
        String timing = "elapsed " + format(elapsed);
        int finishedHere = done - startedAt;
        if (finishedHere > 0 && done < total && (elapsed.compareTo(MIN_TIME_FOR_ESTIMATE) >= 0
                || elapsed.dividedBy(finishedHere).compareTo(SLOW_UNIT) >= 0)) {
            Duration left = elapsed.multipliedBy(total - done).dividedBy(finishedHere);
            if (deadline != null && deadline.minus(elapsed).compareTo(left) < 0) {
                left = deadline.minus(elapsed).isNegative() ? Duration.ZERO : deadline.minus(elapsed);
            }
            timing += ", ETA " + format(left);
        }
        if (terminal) {
            int filled = total <= 0 ? 0 : (int) Math.min(BAR, (long) BAR * done / total);
            err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s (%s)\033[K", label, "#".repeat(filled), ".".repeat(BAR - filled),
                    done, total, detail, timing);
            err.flush();
            drawn = true;
        } else if (done >= total || lastLogged == Long.MIN_VALUE
                || now - lastLogged >= Duration.ofSeconds(LOG_INTERVAL_SECONDS).toNanos()) {
            err.printf(Locale.ROOT, "%s: %d/%d %s (%s)%n", label, done, total, detail, timing);
            err.flush();
            lastLogged = now;
        }
    }

    /** Ends the line so that later output starts on a fresh one. */
    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
