package io.nas4j.store.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A daemon thread that renews a store object's lock and leases every third of a lease, started the first
 * time the object holds something to renew and stopped when it closes.
 */
final class Heartbeat {

    private final Runnable renewal;
    private final long periodMillis;
    private ScheduledExecutorService thread;

    Heartbeat(Duration lease, Runnable renewal) {
        this.renewal = renewal;
        this.periodMillis = Math.max(50, lease.toMillis() / 3);
    }

    /** Starts renewing, unless already started. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "nas4j-store-leases");
            daemon.setDaemon(true);
            return daemon;
        });
        thread.scheduleWithFixedDelay(renewal, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
