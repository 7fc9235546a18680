package io.nas4j.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress with elapsed time and an estimate of what is left, on a terminal and in a log file. */
class ProgressLineTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void onATerminalOneLineIsRedrawnWithABarAndAnEstimate() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "search", true, nanos::get);
        advance(Duration.ofSeconds(30));
        line.update(1, 4, "trials");

        assertThat(text.toString()).startsWith("\rsearch [######..................] 1/4 trials (elapsed 0m30s, ETA 1m30s)");
    }

    @Test
    void aDeadlineCapsTheEstimate() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "search", true, nanos::get);
        advance(Duration.ofMinutes(2));
        line.update(1, 100, "trials", Duration.ofMinutes(10));

        assertThat(text.toString()).contains("ETA 8m00s");
    }

    @Test
    void inALogFileUpdatesArePlainLinesAtMostOneEveryTenSecondsButTheLastAlwaysShows() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "bench", false, nanos::get);
        advance(Duration.ofSeconds(1));
        line.update(1, 3, "runs");
        advance(Duration.ofSeconds(2));
        line.update(2, 3, "runs");
        advance(Duration.ofSeconds(2));
        line.update(3, 3, "runs");

        assertThat(text.toString().lines()).containsExactly(
                "bench: 1/3 runs (elapsed 0m01s, ETA 0m02s)",
                "bench: 3/3 runs (elapsed 0m05s)");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void noEstimateIsShownFromFastUnitsBeforeASecondHasPassedSinceTheStart() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "search", true, nanos::get);
        advance(Duration.ofMillis(800));
        line.start(0);
        advance(Duration.ofMillis(2));
        line.update(1, 2000, "trials");
        advance(Duration.ofMillis(900));
        line.update(400, 2000, "trials");

        assertThat(text.toString()).doesNotContain("ETA");
        advance(Duration.ofMillis(100));
        line.update(500, 2000, "trials");
        assertThat(text.toString()).endsWith("500/2000 trials (elapsed 0m01s, ETA 0m03s)\033[K");
    }

    @Test
    void slowUnitsGiveAnEstimateFromTheFirst() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "final training", false, nanos::get);
        advance(Duration.ofMillis(600));
        line.update(1, 3, "epochs");

        assertThat(text.toString().lines()).containsExactly("final training: 1/3 epochs (elapsed 0m00s, ETA 0m01s)");
    }

    @Test
    void theEstimateCountsFromTheStartNotFromWhenTheLineWasMade() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "search", true, nanos::get);
        advance(Duration.ofMinutes(5));
        line.start(0);
        advance(Duration.ofSeconds(2));
        line.update(1000, 2000, "trials");

        assertThat(text.toString()).contains("1000/2000 trials (elapsed 0m02s, ETA 0m02s)");
    }

    @Test
    void aResumedRunCountsOnFromWhatWasDoneAndEstimatesFromWhatItDoesItself() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), "search", false, nanos::get);
        line.start(600);
        advance(Duration.ofSeconds(4));
        line.update(800, 1000, "trials");

        assertThat(text.toString().lines()).containsExactly("search: 800/1000 trials (elapsed 0m04s, ETA 0m04s)");
    }

    @Test
    void longDurationsShowHoursAndMinutes() {
        assertThat(ProgressLine.format(Duration.ofSeconds(3 * 3600 + 5 * 60 + 9))).isEqualTo("3h05m");
        assertThat(ProgressLine.format(Duration.ofSeconds(-3))).isEqualTo("0m00s");
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
