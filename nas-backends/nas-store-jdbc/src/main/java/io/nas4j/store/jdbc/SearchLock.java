package io.nas4j.store.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The search's lock ({@code search_lock}, one row): which process runs the search, until when. Taking it
 * re-queues the RUNNING trials whose lease lapsed; holding it means renewing it and the leases of the
 * trials this object runs; losing it (another process took over after a missed renewal) makes the store
 * refuse further writes.
 *
 * <p>Not thread-safe: the store object that owns it serialises the calls.
 */
final class SearchLock {

    /** Waits, giving up the owner's monitor meanwhile, so that leases are renewed during a recovery. */
    @FunctionalInterface
    interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SearchLock.class);
    private static final long RECOVERY_POLL_MILLIS = 500;

    private final Transactions database;
    private final Holder holder;
    private final Duration lease;
    private boolean held;
    private String lostTo;

    SearchLock(Transactions database, Holder holder, Duration lease) {
        this.database = database;
        this.holder = holder;
        this.lease = lease;
    }

    boolean held() {
        return held;
    }

    /**
     * Takes the lock for this object.
     *
     * @throws SearchBusyException when a live process holds it
     */
    void take() {
        if (held) {
            throw new IllegalStateException("this store already holds its search");
        }
        database.run("take the search's lock", c -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO search_lock (id, holder, expires_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, holder.id());
                insert.setLong(2, now + lease.toMillis());
                insert.executeUpdate();
            }
            String current;
            long expires;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT holder, expires_at FROM search_lock WHERE id = 1" + database.dialect().forUpdate());
                 ResultSet row = select.executeQuery()) {
                row.next();
                current = row.getString(1);
                expires = row.getLong(2);
            }
            if (!current.equals(holder.id()) && !Holder.lapsed(current, expires, now)) {
                Holder other = Holder.parse(current).orElse(null);
                throw new SearchBusyException("the search in " + database.description() + " is being run by "
                        + (other == null ? current : "process " + other.pid() + " on " + other.host())
                        + "; wait for it to end (or for its lease to expire at " + Instant.ofEpochMilli(expires) + ")");
            }
            try (PreparedStatement take = c.prepareStatement(
                    "UPDATE search_lock SET holder = ?, expires_at = ? WHERE id = 1")) {
                take.setString(1, holder.id());
                take.setLong(2, now + lease.toMillis());
                take.executeUpdate();
            }
            return null;
        });
        held = true;
    }

    /**
     * Re-queues RUNNING trials whose lease has lapsed; trials still leased to a live worker elsewhere are
     * waited for, up to one lease duration, pausing between looks.
     */
    Recovery recover(Pause pause) {
        long deadline = System.currentTimeMillis() + lease.toMillis();
        int requeued = 0;
        while (true) {
            int[] counts = database.run("re-queue abandoned trials", this::requeueLapsed);
            requeued += counts[0];
            if (counts[1] == 0 || System.currentTimeMillis() >= deadline) {
                int finished = countFinished();
                if (requeued > 0 || counts[1] > 0) {
                    LOG.info("took over the search in {}: {} finished trials kept, {} re-queued, {} still leased",
                            database.description(), finished, requeued, counts[1]);
                }
                return new Recovery(finished, requeued, counts[1]);
            }
            LOG.info("waiting for {} trials leased to live workers to finish or lapse", counts[1]);
            try {
                pause.pause(RECOVERY_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while taking over the search in " + database.description());
            }
        }
    }

    /** {re-queued, still leased} */
    private int[] requeueLapsed(Connection c) throws SQLException {
        long now = System.currentTimeMillis();
        List<long[]> lapsed = new ArrayList<>();
        int live = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT id, lease_owner, lease_expires_at, lease_token "
                + "FROM trials WHERE state = 'RUNNING' ORDER BY id" + database.dialect().forUpdate());
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String owner = rows.getString(2);
                long expires = rows.getLong(3);
                Long expiresAt = rows.wasNull() ? null : expires;
                if (Holder.lapsed(owner, expiresAt, now)) {
                    lapsed.add(new long[] {rows.getLong(1), rows.getLong(4)});
                } else {
                    live++;
                }
            }
        }
        int changed = 0;
        try (PreparedStatement requeue = c.prepareStatement("UPDATE trials SET state = 'QUEUED', "
                + "lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_token = ? AND state = 'RUNNING'")) {
            for (long[] trial : lapsed) {
                requeue.setLong(1, trial[0]);
                requeue.setLong(2, trial[1]);
                changed += requeue.executeUpdate();
            }
        }
        return new int[] {changed, live};
    }

    private int countFinished() {
        return database.run("count finished trials", c -> {
            try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT count(*) FROM trials WHERE state IN ('COMPLETE', 'FAILED', 'PRUNED')")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /**
     * Within the caller's transaction: extends the lock and the leases of the trials this object runs to
     * {@code until}, or notes that another process took the lock over. Does nothing unless held.
     */
    void renew(Connection c, long until) throws SQLException {
        if (!held || lostTo != null) {
            return;
        }
        try (PreparedStatement lock = c.prepareStatement(
                "UPDATE search_lock SET expires_at = ? WHERE id = 1 AND holder = ?")) {
            lock.setLong(1, until);
            lock.setString(2, holder.id());
            if (lock.executeUpdate() == 0) {
                lostTo = "another process took over the search";
                LOG.error("the search's lock in {} was taken by another process; this one stops writing",
                        database.description());
            }
        }
        try (PreparedStatement trials = c.prepareStatement("UPDATE trials SET lease_expires_at = ? "
                + "WHERE state = 'RUNNING' AND lease_owner = ?")) {
            trials.setLong(1, until);
            trials.setString(2, holder.id());
            trials.executeUpdate();
        }
    }

    /** @throws StoreException when another process took the search over from this object */
    void checkWritable() {
        if (lostTo != null) {
            throw new StoreException("the trial store " + database.description()
                    + " no longer belongs to this search: " + lostTo);
        }
    }

    /**
     * Gives the search up, if this object still holds it: the trials it was running are QUEUED again
     * (whoever resumes runs them) and the lock is deleted.
     */
    void release() {
        if (!held || lostTo != null) {
            return;
        }
        database.run("release the search", c -> {
            try (PreparedStatement requeue = c.prepareStatement("UPDATE trials SET state = 'QUEUED', "
                    + "lease_owner = NULL, lease_expires_at = NULL WHERE state = 'RUNNING' AND lease_owner = ?")) {
                requeue.setString(1, holder.id());
                requeue.executeUpdate();
            }
            try (PreparedStatement release = c.prepareStatement("DELETE FROM search_lock WHERE id = 1 AND holder = ?")) {
                release.setString(1, holder.id());
                release.executeUpdate();
            }
            return null;
        });
    }
}
