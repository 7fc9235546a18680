package io.nas4j.report;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request has not come whole within a time of its first byte seen. Jetty's idle
 * timeout starts again at every byte, and Jetty 12 bounds neither the time a request head takes nor its
 * rate ({@code HttpConfiguration.setMinRequestDataRate} is not enforced), so without this a client that
 * sends one byte of a header every few seconds would hold its connection until the head reached the size
 * limit: at ten bytes a second, about half an hour for 16 KiB.
 *
 * <p>Added to a connector as a bean, it is told of every connection opened and closed, and looks at them
 * every quarter of the limit (at most every second): a connection that has received bytes since its last
 * request began and has begun no request since is closed once that has lasted the limit. So the bound is
 * the limit plus one look at most. A connection that receives nothing is the idle timeout's.
 */
final class HeadDeadline extends AbstractLifeCycle implements Connection.Listener {

    private final long limitNanos;
    private final long periodNanos;
    private final Map<Connection, Progress> open = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private volatile Scheduler.Task next;

    /** Looks on {@code scheduler}, the connector's, which is started before the connector's beans. */
    HeadDeadline(Duration limit, Scheduler scheduler) {
        this.limitNanos = limit.toNanos();
        this.periodNanos = Math.min(limitNanos / 4, TimeUnit.SECONDS.toNanos(1));
        this.scheduler = scheduler;
    }

    @Override
    protected void doStart() {
        next = scheduler.schedule(this::look, periodNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        open.clear();
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Progress(connection.getMessagesIn(), connection.getBytesIn()));
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    private void look() {
        long now = System.nanoTime();
        open.forEach((connection, progress) -> {
            if (progress.late(connection.getMessagesIn(), connection.getBytesIn(), now, limitNanos)) {
                open.remove(connection);
                connection.getEndPoint().close();
            }
        });
        if (isRunning()) {
            next = scheduler.schedule(this::look, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** What a connection had received when its last request began; changed on the scheduler's thread only. */
    private static final class Progress {
        private long requests;
        private long bytes;
        private long waitingSince;
        private boolean waiting;

        Progress(long requests, long bytes) {
            this.requests = requests;
            this.bytes = bytes;
        }

        boolean late(long requestsNow, long bytesNow, long now, long limit) {
            if (requestsNow != requests) {
                requests = requestsNow;
                bytes = bytesNow;
                waiting = false;
                return false;
            }
            if (bytesNow == bytes) {
                return false;
            }
            if (!waiting) {
                waiting = true;
                waitingSince = now;
                return false;
            }
            return now - waitingSince >= limit;
        }
    }
}
