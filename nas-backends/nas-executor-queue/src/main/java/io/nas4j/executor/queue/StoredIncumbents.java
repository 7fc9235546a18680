package io.nas4j.executor.queue;

import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.trial.Incumbent;

import java.util.Optional;

/**
 * The incumbent each queued trial was started with, as the store keeps it: one search attribute per trial
 * ({@value #PREFIX}{@code <trial id>}), written by the search's {@link QueueTrialExecutor} before it queues
 * the trial and read by the {@link QueueWorker} that claims it. So an estimator that stops a hopeless trial
 * against the incumbent (learning-curve stopping) does so on the queue exactly as in the search's own JVM:
 * the trial is measured against the best result the search knew when it started it, not whatever is best
 * when a worker gets to it.
 *
 * <p>The value is {@code trial<TAB>value<TAB>metric}, the value in {@link Double#toString} form so that it
 * reads back bit for bit. A trial started without an incumbent has its attribute emptied, so a retried
 * attempt never reads an older attempt's incumbent.
 */
public final class StoredIncumbents {

    /** Attribute prefix; the trial's id follows. */
    public static final String PREFIX = "queue.incumbent.";

    private StoredIncumbents() {
    }

    /** Records the incumbent trial {@code trialId} is started with, or that it has none. */
    public static void write(TrialLeases store, long trialId, Optional<Incumbent> incumbent) {
        store.putAttribute(PREFIX + trialId, incumbent
                .map(best -> best.trialId() + "\t" + best.value() + "\t" + best.metric())
                .orElse(""));
    }

    /** The incumbent trial {@code trialId} was started with; empty when it had none or none was recorded. */
    public static Optional<Incumbent> read(TrialLeases store, long trialId) {
        return store.attribute(PREFIX + trialId).filter(text -> !text.isEmpty()).map(StoredIncumbents::parse);
    }

    private static Incumbent parse(String text) {
        String[] parts = text.split("\t", 3);
        if (parts.length != 3) {
            throw new IllegalStateException("the store's attribute for a queued trial's incumbent is damaged: '"
                    + text + "'");
        }
        return new Incumbent(parts[2], Double.parseDouble(parts[1]), Long.parseLong(parts[0]));
    }
}
