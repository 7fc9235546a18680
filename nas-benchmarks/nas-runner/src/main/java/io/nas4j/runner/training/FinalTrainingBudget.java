package io.nas4j.runner.training;

import io.nas4j.core.port.TrainingBackend;

import java.time.Duration;
import java.time.Instant;

/**
 * The one policy for how long the final training of a time-limited search may run, used by every kind of
 * search: the search stops asking at {@code (1 - finalShare)} of the limit; the final training plans as many
 * of its epochs as fit in {@value #SAFETY} of the time left at the measured (or estimated) seconds per epoch,
 * at least one and never more than asked for; and while it trains, it stops after an epoch when another
 * epoch as long as the last would pass the deadline.
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

    /** Stops training after an epoch when another epoch as long as the last would pass {@code deadline}; null: never. */
    public static TrainingBackend.EpochMonitor stopBefore(Instant deadline) {
        if (deadline == null) {
            return TrainingBackend.EpochMonitor.none();
        }
        return new TrainingBackend.EpochMonitor() {
            private Instant last = Instant.now();

            @Override
            public boolean epochFinished(int epoch, double trainLoss, double validationAccuracy) {
                Instant now = Instant.now();
                Duration epochTime = Duration.between(last, now);
                last = now;
                return now.plus(epochTime).isBefore(deadline);
            }
        };
    }
}
