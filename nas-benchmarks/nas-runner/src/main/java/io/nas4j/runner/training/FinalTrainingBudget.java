package io.nas4j.runner.training;

import io.nas4j.core.port.TrainingBackend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one policy for how long the final training of a time-limited search may run, used by every kind of
 * search and by the hand-designed baselines: the search stops asking at {@code (1 - finalShare)} of the limit;
 * the final training plans as many of its epochs as fit in {@value #SAFETY} of the time left at the measured
 * (or estimated) seconds per epoch, at least one and never more than asked for; and while it trains
 * ({@link #fill}), it re-plans after each epoch from the epochs it has timed, so that it fills the time left
 * when the first estimate was off, and stops after an epoch when another epoch as long as the last would pass
 * the deadline.
 */
public final class FinalTrainingBudget {

    /** The share of the time left that the planned epochs may fill; the rest absorbs the estimate's error. */
    public static final double SAFETY = 0.95;

    private FinalTrainingBudget() {
    }

    /**
     * Epochs of the final training: {@code planned}, cut to what fits in {@value #SAFETY} of {@code left} at
     * {@code epochSeconds} an epoch. At least one; {@code planned} when nothing was measured.
     */
    public static int epochsThatFit(int planned, double epochSeconds, Duration left) {
        if (!(epochSeconds > 0)) {
            return planned;
        }
        long fit = (long) Math.floor(SAFETY * left.toMillis() / 1000.0 / epochSeconds);
        return (int) Math.max(1, Math.min(planned, fit));
    }

    /**
     * The monitor of a training that fills the time up to {@code deadline} (null: none, the plan as it is).
     * After each epoch it stops when another epoch as long as the last would pass the deadline; otherwise it
     * re-plans the run to its epochs so far and as many more as fit in {@value #SAFETY} of the time left at the
     * mean epoch time so far (the first epoch's includes the set-up), never more than {@code most} in all. The
     * backend then stretches or shrinks the learning-rate schedule over the steps left
     * ({@link TrainingBackend.EpochMonitor#epochsInAll}).
     */
    public static TrainingBackend.EpochMonitor fill(Instant deadline, int most) {
        return deadline == null ? TrainingBackend.EpochMonitor.none() : fill(deadline, most, Clock.systemUTC());
    }

    static TrainingBackend.EpochMonitor fill(Instant deadline, int most, Clock clock) {
        return new TrainingBackend.EpochMonitor() {
            private final Instant started = clock.instant();
            private Instant last = started;

            @Override
            public boolean epochFinished(int epoch, double trainLoss, double validationAccuracy) {
                Instant now = clock.instant();
                Duration epochTime = Duration.between(last, now);
                last = now;
                return now.plus(epochTime).isBefore(deadline);
            }

            @Override
            public int epochsInAll(int epoch, int epochs) {
                double meanSeconds = Duration.between(started, last).toNanos() / 1e9 / epoch;
                if (!(meanSeconds > 0)) {
                    return epochs;
                }
                double leftSeconds = Duration.between(last, deadline).toNanos() / 1e9;
                long more = (long) Math.floor(SAFETY * Math.max(0, leftSeconds) / meanSeconds);
                return (int) Math.min(most, epoch + more);
            }
        };
    }
}
