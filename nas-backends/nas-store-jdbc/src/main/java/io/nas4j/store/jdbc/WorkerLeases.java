package io.nas4j.store.jdbc;

import io.nas4j.core.port.Claim;
import io.nas4j.core.port.Lease;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a worker: trials this object runs for someone else, each under a {@link Lease} whose
 * fencing token ({@code lease_token}) grows with every claim, so a result is accepted only from the
 * latest claimant. The leases held are renewed by the owner's heartbeat until their result is written.
 *
 * <p>Not thread-safe: the store object that owns it serialises the calls.
 */
final class WorkerLeases {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLeases.class);

    private final Transactions database;
    private final Holder holder;
    private final Duration lease;
    private final Map<Long, Lease> held = new LinkedHashMap<>();

    WorkerLeases(Transactions database, Holder holder, Duration lease) {
        this.database = database;
        this.holder = holder;
        this.lease = lease;
    }

    /** Claims one attempt of a trial by id, voiding any earlier lease on it. */
    Claim claim(long trialId, int attempt, String label) {
        Claim claim = database.run("claim trial " + trialId, c -> {
            String state;
            int storedAttempt;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT state, attempt FROM trials WHERE id = ?" + database.dialect().forUpdate())) {
                select.setLong(1, trialId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return new Claim.Superseded("trial " + trialId + " does not exist");
                    }
                    state = row.getString(1);
                    storedAttempt = row.getInt(2);
                }
            }
            if (storedAttempt != attempt) {
                return new Claim.Superseded("trial " + trialId + " is at attempt " + storedAttempt + ", not " + attempt);
            }
            if (TrialState.valueOf(state).finished()) {
                return new Claim.AlreadyFinished(TrialTable.read(c, trialId).orElseThrow());
            }
            return new Claim.Granted(grant(c, trialId, attempt, label));
        });
        if (claim instanceof Claim.Granted granted) {
            held.put(trialId, granted.lease());
        }
        return claim;
    }

    /** Claims the QUEUED trial with the lowest id, if any, passing over rows other claimants have locked. */
    Optional<Lease> claimNext(String label) {
        Optional<Lease> claimed = database.run("claim a queued trial", c -> {
            long id;
            int attempt;
            try (PreparedStatement select = c.prepareStatement("SELECT id, attempt FROM trials WHERE state = 'QUEUED' "
                    + "ORDER BY id LIMIT 1" + database.dialect().forUpdateSkipLocked());
                 ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.<Lease>empty();
                }
                id = row.getLong(1);
                attempt = row.getInt(2);
            }
            return Optional.of(grant(c, id, attempt, label));
        });
        claimed.ifPresent(granted -> held.put(granted.trialId(), granted));
        return claimed;
    }

    private Lease grant(Connection c, long trialId, int attempt, String label) throws SQLException {
        String owner = holder.id() + "#" + label;
        try (PreparedStatement update = c.prepareStatement("UPDATE trials SET state = 'RUNNING', worker = ?, "
                + "lease_owner = ?, lease_expires_at = ?, lease_token = lease_token + 1, started_at = ? WHERE id = ?")) {
            update.setString(1, owner);
            update.setString(2, owner);
            update.setLong(3, System.currentTimeMillis() + lease.toMillis());
            update.setString(4, Instant.now().toString());
            update.setLong(5, trialId);
            update.executeUpdate();
        }
        try (PreparedStatement select = c.prepareStatement("SELECT lease_token FROM trials WHERE id = ?")) {
            select.setLong(1, trialId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Lease(trialId, attempt, row.getLong(1), owner);
            }
        }
    }

    /** Extends a lease by one lease duration; false when it is no longer the current one. */
    boolean renew(Lease lease) {
        return database.run("renew the lease of trial " + lease.trialId(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET lease_expires_at = ? "
                    + "WHERE id = ? AND attempt = ? AND lease_token = ? AND state = 'RUNNING'")) {
                update.setLong(1, System.currentTimeMillis() + this.lease.toMillis());
                update.setLong(2, lease.trialId());
                update.setInt(3, lease.attempt());
                update.setLong(4, lease.token());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Writes an attempt's result if {@code lease} is still the current one; the lease is then given up. */
    boolean complete(Lease lease, TrialResult result) {
        boolean recorded = database.run("store the result of trial " + lease.trialId(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET state = ?, metrics = ?, cost = ?, "
                    + "reason = ?, curve = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL "
                    + "WHERE id = ? AND attempt = ? AND lease_token = ? AND state = 'RUNNING'")) {
                update.setString(1, result.state().name());
                update.setString(2, TrialRows.metrics(result.metrics()));
                TrialRows.setDouble(update, 3, result.cost());
                update.setString(4, result.reason());
                update.setString(5, TrialRows.curve(result.curve()));
                update.setString(6, Instant.now().toString());
                update.setLong(7, lease.trialId());
                update.setInt(8, lease.attempt());
                update.setLong(9, lease.token());
                return update.executeUpdate() == 1;
            }
        });
        held.remove(lease.trialId());
        if (!recorded) {
            LOG.warn("the result of trial {} attempt {} was refused: its lease (token {}) is no longer held",
                    lease.trialId(), lease.attempt(), lease.token());
        }
        return recorded;
    }

    /** Offers one attempt of a trial to workers (QUEUED), voiding any lease on it; false when it is not at that attempt or has finished. */
    boolean enqueue(long trialId, int attempt) {
        boolean queued = database.run("queue trial " + trialId, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET state = 'QUEUED', lease_owner = NULL, "
                    + "lease_expires_at = NULL, lease_token = lease_token + 1 "
                    + "WHERE id = ? AND attempt = ? AND state IN ('RUNNING', 'QUEUED')")) {
                update.setLong(1, trialId);
                update.setInt(2, attempt);
                return update.executeUpdate() == 1;
            }
        });
        held.remove(trialId);
        return queued;
    }

    /** Hands a leased trial back to the queue for the same attempt; false when the lease is no longer current. */
    boolean release(Lease lease) {
        boolean released = database.run("hand back trial " + lease.trialId(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET state = 'QUEUED', lease_owner = NULL, "
                    + "lease_expires_at = NULL, lease_token = lease_token + 1 "
                    + "WHERE id = ? AND attempt = ? AND lease_token = ? AND state = 'RUNNING'")) {
                update.setLong(1, lease.trialId());
                update.setInt(2, lease.attempt());
                update.setLong(3, lease.token());
                return update.executeUpdate() == 1;
            }
        });
        held.remove(lease.trialId());
        return released;
    }

    /**
     * Voids the lapsed leases of RUNNING trials, leaving the trials RUNNING under no lease. Optimistic: a
     * lease renewed or taken over between the read and the write (its expiry or token changed) is kept.
     */
    List<Lease> revokeLapsed() {
        return database.run("revoke lapsed leases", c -> {
            long now = System.currentTimeMillis();
            List<Lease> lapsed = new ArrayList<>();
            List<Long> expiries = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, attempt, lease_owner, lease_expires_at, "
                    + "lease_token FROM trials WHERE state = 'RUNNING' AND lease_owner IS NOT NULL ORDER BY id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String owner = rows.getString(3);
                    long expires = rows.getLong(4);
                    Long expiresAt = rows.wasNull() ? null : expires;
                    if (Holder.lapsed(owner, expiresAt, now)) {
                        lapsed.add(new Lease(rows.getLong(1), rows.getInt(2), rows.getLong(5), owner));
                        expiries.add(expiresAt);
                    }
                }
            }
            List<Lease> revoked = new ArrayList<>();
            try (PreparedStatement revoke = c.prepareStatement("UPDATE trials SET lease_owner = NULL, "
                    + "lease_expires_at = NULL, lease_token = lease_token + 1 WHERE id = ? AND lease_token = ? "
                    + "AND state = 'RUNNING' AND (lease_expires_at = ? OR lease_expires_at IS NULL)")) {
                for (int i = 0; i < lapsed.size(); i++) {
                    Lease lease = lapsed.get(i);
                    revoke.setLong(1, lease.trialId());
                    revoke.setLong(2, lease.token());
                    if (expiries.get(i) == null) {
                        revoke.setNull(3, Types.BIGINT);
                    } else {
                        revoke.setLong(3, expiries.get(i));
                    }
                    if (revoke.executeUpdate() == 1) {
                        revoked.add(lease);
                    }
                }
            }
            revoked.forEach(lease -> LOG.warn("the lease of trial {} attempt {} held by {} lapsed; it was revoked",
                    lease.trialId(), lease.attempt(), lease.owner()));
            return revoked;
        });
    }

    /** Within the caller's transaction: extends every lease still held to {@code until}. */
    void renewHeld(Connection c, long until) throws SQLException {
        if (held.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE trials SET lease_expires_at = ? "
                + "WHERE id = ? AND lease_token = ? AND state = 'RUNNING'")) {
            for (Lease lease : held.values()) {
                update.setLong(1, until);
                update.setLong(2, lease.trialId());
                update.setLong(3, lease.token());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
