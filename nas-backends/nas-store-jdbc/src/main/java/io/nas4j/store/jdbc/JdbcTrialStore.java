package io.nas4j.store.jdbc;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link TrialStore} over JDBC: an SQLite file per search (WAL journal, {@code synchronous=FULL}, a
 * busy timeout, so a commit survives a killed process and several processes may share the file), or a
 * PostgreSQL database shared by many workers on many machines.
 *
 * <p><b>Schema.</b> Table {@code trials} (one row per trial: id, state, genome, fidelity, metrics and curve
 * as JSON, cost, timings, attempt, worker, error reason, and its lease), {@code search_attributes}
 * (the search's configuration and seed), {@code search_lock} (the process that runs the search) and
 * {@code schema_version}; see {@link Migrations}.
 *
 * <p><b>Running a search.</b> The process that runs the {@link io.nas4j.core.search.Search} calls
 * {@link #acquireSearch()} first: it takes the search's lock (refused while another live process holds
 * it), re-queues the RUNNING trials whose lease lapsed (their process died), and from then on renews, in
 * a daemon thread, the lock and the leases of the trials it runs. Every {@link #insert}/{@link #update} is
 * one committed transaction when it returns.
 *
 * <p><b>Workers.</b> A process that runs trials for someone else claims them: {@link #claim} by id (a
 * Spark task), {@link #claimNext} the lowest QUEUED one ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so
 * concurrent workers never claim the same trial). A claim grants a {@link Lease} with a fencing token;
 * the store renews it until {@link #complete}, which is accepted only from the current holder.
 *
 * <p><b>Threads.</b> One connection per object; every method is synchronized. Open one object per
 * process or thread that works concurrently. {@link #close()} re-queues the trials this object was
 * running, releases the search's lock and closes the connection.
 */
public final class JdbcTrialStore implements TrialStore {

    /** How long a lease lasts without renewal; renewed every third of it. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTrialStore.class);
    private static final int BUSY_TIMEOUT_MILLIS = 60_000;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final long RECOVERY_POLL_MILLIS = 500;

    /**
     * How to open a store.
     *
     * @param lease  how long a lease lasts without renewal
     * @param create whether a database without the schema is set up (true) or refused (false, for resuming)
     */
    public record Options(Duration lease, boolean create) {
        public Options {
            Objects.requireNonNull(lease, "lease");
            if (lease.toMillis() < 100) {
                throw new IllegalArgumentException("a lease must last at least 100 ms, got " + lease);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_LEASE, true);
        }

        public Options withLease(Duration value) {
            return new Options(value, create);
        }

        /** Refuse a database that is not a trial store yet, rather than set it up. */
        public Options existingOnly() {
            return new Options(lease, false);
        }
    }

    private final String description;
    private final Dialect dialect;
    private final Connection connection;
    private final Holder holder;
    private final Duration lease;
    private final Map<Long, Lease> workerLeases = new LinkedHashMap<>();
    private ScheduledExecutorService heartbeat;
    private boolean searchHeld;
    private String lostTo;
    private boolean closed;

    private JdbcTrialStore(String description, Dialect dialect, Connection connection, Duration lease) {
        this.description = description;
        this.dialect = dialect;
        this.connection = connection;
        this.holder = Holder.current();
        this.lease = lease;
    }

    /** Opens (and sets up, or migrates) the store at {@code url} with the default options. */
    public static JdbcTrialStore open(String url) {
        return open(url, Options.defaults());
    }

    /**
     * Opens the store at a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL and brings its schema to
     * the latest version.
     *
     * @throws StoreException naming the store when the URL is of another kind, the database cannot be
     *                        reached, the file is not an SQLite database or not a trial store (with
     *                        {@code create} false), or was written by a newer nas4j
     */
    public static JdbcTrialStore open(String url, Options options) {
        Objects.requireNonNull(url, "url");
        Dialect dialect = Dialect.of(url).orElseThrow(() -> new StoreException(
                "the store URL " + redact(url) + " is neither jdbc:sqlite:FILE nor jdbc:postgresql://HOST/DATABASE"));
        String description = redact(url);
        if (dialect == Dialect.SQLITE) {
            Optional<Path> file = Dialect.sqliteFile(url);
            if (file.isPresent()) {
                description = file.get().toString();
                if (!options.create() && !Files.isRegularFile(file.get())) {
                    throw new StoreException(description + " does not exist");
                }
                if (Files.isDirectory(file.get())) {
                    throw new StoreException(description + " is a folder, not a trial store");
                }
                Path parent = file.get().toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new StoreException("the folder of " + description + " does not exist");
                }
            }
        }
        Connection connection = connect(url, dialect, description);
        JdbcTrialStore store = new JdbcTrialStore(description, dialect, connection, options.lease());
        try {
            store.transaction("set up the schema", c -> Migrations.migrate(c, dialect, options.create(), store.description));
        } catch (RuntimeException e) {
            store.closeConnection();
            throw e;
        }
        return store;
    }

    /** The URL of the SQLite store in {@code file}. */
    public static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath().normalize();
    }

    /** The store's URL without credentials, or its file. */
    public String description() {
        return description;
    }

    /** Who this object is in leases and the {@code worker} column. */
    public Holder holder() {
        return holder;
    }

    /** The schema version of the database. */
    public synchronized int schemaVersion() {
        return transaction("read the schema version", c -> {
            try (Statement statement = c.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    // ---------------------------------------------------------------- running a search

    /**
     * Makes this object the one that runs the search: takes the search's lock, re-queues RUNNING trials
     * whose lease has lapsed, and starts renewing the lock and this object's leases. Trials still leased
     * to a live worker elsewhere are waited for, up to one lease duration; they may finish meanwhile.
     *
     * @throws SearchBusyException when a live process holds the search (on another host: whose lock has
     *                             not expired)
     */
    public synchronized Recovery acquireSearch() {
        if (searchHeld) {
            throw new IllegalStateException("this store already holds its search");
        }
        transaction("take the search's lock", c -> {
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
                    "SELECT holder, expires_at FROM search_lock WHERE id = 1" + dialect.forUpdate());
                 ResultSet row = select.executeQuery()) {
                row.next();
                current = row.getString(1);
                expires = row.getLong(2);
            }
            if (!current.equals(holder.id()) && !Holder.lapsed(current, expires, now)) {
                Holder other = Holder.parse(current).orElse(null);
                throw new SearchBusyException("the search in " + description + " is being run by "
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
        searchHeld = true;
        startHeartbeat();
        return recover();
    }

    private Recovery recover() {
        long deadline = System.currentTimeMillis() + lease.toMillis();
        int requeued = 0;
        while (true) {
            int[] counts = transaction("re-queue abandoned trials", c -> {
                long now = System.currentTimeMillis();
                List<long[]> lapsed = new ArrayList<>();
                int live = 0;
                try (PreparedStatement select = c.prepareStatement("SELECT id, lease_owner, lease_expires_at, lease_token "
                        + "FROM trials WHERE state = 'RUNNING' ORDER BY id" + dialect.forUpdate());
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
            });
            requeued += counts[0];
            if (counts[1] == 0 || System.currentTimeMillis() >= deadline) {
                int finished = countFinished();
                if (requeued > 0 || counts[1] > 0) {
                    LOG.info("took over the search in {}: {} finished trials kept, {} re-queued, {} still leased",
                            description, finished, requeued, counts[1]);
                }
                return new Recovery(finished, requeued, counts[1]);
            }
            LOG.info("waiting for {} trials leased to live workers to finish or lapse", counts[1]);
            try {
                wait(RECOVERY_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while taking over the search in " + description);
            }
        }
    }

    private int countFinished() {
        return transaction("count finished trials", c -> {
            try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT count(*) FROM trials WHERE state IN ('COMPLETE', 'FAILED', 'PRUNED')")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    // ---------------------------------------------------------------- TrialStore

    @Override
    public synchronized void putAttribute(String name, String value) {
        checkWritable();
        transaction("store attribute " + name, c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO search_attributes (name, value) VALUES (?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                upsert.setString(1, name);
                upsert.setString(2, value);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<String> attribute(String name) {
        return transaction("read attribute " + name, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM search_attributes WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void insert(TrialRecord trial) {
        insertAll(List.of(trial));
    }

    @Override
    public synchronized void insertAll(List<TrialRecord> trials) {
        checkWritable();
        if (trials.isEmpty()) {
            return;
        }
        transaction("store new trials", c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT count(*) FROM trials WHERE id = ?")) {
                for (TrialRecord trial : trials) {
                    exists.setLong(1, trial.id());
                    try (ResultSet row = exists.executeQuery()) {
                        row.next();
                        if (row.getInt(1) > 0) {
                            throw new IllegalStateException("trial " + trial.id() + " already exists");
                        }
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO trials (" + TrialRows.COLUMNS
                    + ", worker, lease_owner, lease_expires_at, lease_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
                for (TrialRecord trial : trials) {
                    int next = TrialRows.bind(insert, 1, trial);
                    bindLease(insert, next, trial.state());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * Replaces the stored trial. A RUNNING record takes a new lease for this object (and voids any earlier
     * one: its token grows); a finished or queued record drops the lease.
     */
    @Override
    public synchronized void update(TrialRecord trial) {
        checkWritable();
        transaction("store trial " + trial.id(), c -> {
            String leaseColumns = trial.state() == TrialState.RUNNING
                    ? ", worker = ?, lease_owner = ?, lease_expires_at = ?, lease_token = lease_token + 1"
                    : ", lease_owner = NULL, lease_expires_at = NULL";
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET id = ?, state = ?, genome = ?, "
                    + "genome_key = ?, fidelity = ?, batch = ?, asked_after_tells = ?, tell_index = ?, metrics = ?, cost = ?, "
                    + "curve = ?, reason = ?, attempt = ?, started_at = ?, finished_at = ?, seconds = ?" + leaseColumns
                    + " WHERE id = ?")) {
                int next = TrialRows.bind(update, 1, trial);
                if (trial.state() == TrialState.RUNNING) {
                    update.setString(next++, holder.id());
                    update.setString(next++, holder.id());
                    update.setLong(next++, System.currentTimeMillis() + lease.toMillis());
                }
                update.setLong(next, trial.id());
                if (update.executeUpdate() == 0) {
                    throw new IllegalStateException("trial " + trial.id() + " does not exist");
                }
            }
            return null;
        });
    }

    @Override
    public synchronized List<TrialRecord> trials() {
        return transaction("read the trials", c -> {
            List<TrialRecord> trials = new ArrayList<>();
            try (Statement statement = c.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT " + TrialRows.COLUMNS + " FROM trials ORDER BY id")) {
                while (rows.next()) {
                    trials.add(TrialRows.read(rows));
                }
            }
            return trials;
        });
    }

    /** The trial with this id, if stored. */
    public synchronized Optional<TrialRecord> trial(long id) {
        return transaction("read trial " + id, c -> readTrial(c, id));
    }

    /** Who last ran each trial ({@code worker} column), by trial id; trials never started are absent. */
    public synchronized Map<Long, String> workers() {
        return transaction("read the workers", c -> {
            Map<Long, String> workers = new LinkedHashMap<>();
            try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT id, worker FROM trials WHERE worker IS NOT NULL ORDER BY id")) {
                while (rows.next()) {
                    workers.put(rows.getLong(1), rows.getString(2));
                }
            }
            return workers;
        });
    }

    // ---------------------------------------------------------------- workers

    /**
     * Claims one attempt of a trial to run it here, whatever lease another holder had: the caller knows
     * the earlier holder is gone (Spark runs a task again only after its previous attempt failed), and
     * that holder's result will now be refused.
     *
     * @param label names the claimant in the {@code worker} column, for example {@code "spark task 7.1"}
     */
    public synchronized Claim claim(long trialId, int attempt, String label) {
        Claim claim = transaction("claim trial " + trialId, c -> {
            String state;
            int storedAttempt;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT state, attempt FROM trials WHERE id = ?" + dialect.forUpdate())) {
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
                return new Claim.AlreadyFinished(readTrial(c, trialId).orElseThrow());
            }
            return new Claim.Granted(grant(c, trialId, attempt, label));
        });
        if (claim instanceof Claim.Granted granted) {
            workerLeases.put(trialId, granted.lease());
            startHeartbeat();
        }
        return claim;
    }

    /**
     * Claims the QUEUED trial with the lowest id, if any. On PostgreSQL concurrent claimants pass over each
     * other's locked rows ({@code FOR UPDATE SKIP LOCKED}); on SQLite write transactions are serial.
     */
    public synchronized Optional<Lease> claimNext(String label) {
        Optional<Lease> claimed = transaction("claim a queued trial", c -> {
            long id;
            int attempt;
            try (PreparedStatement select = c.prepareStatement("SELECT id, attempt FROM trials WHERE state = 'QUEUED' "
                    + "ORDER BY id LIMIT 1" + dialect.forUpdateSkipLocked());
                 ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.<Lease>empty();
                }
                id = row.getLong(1);
                attempt = row.getInt(2);
            }
            return Optional.of(grant(c, id, attempt, label));
        });
        claimed.ifPresent(granted -> {
            workerLeases.put(granted.trialId(), granted);
            startHeartbeat();
        });
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

    /** Extends a lease by one lease duration; false when it is no longer held (someone claimed the trial again). */
    public synchronized boolean renew(Lease held) {
        return transaction("renew the lease of trial " + held.trialId(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET lease_expires_at = ? "
                    + "WHERE id = ? AND attempt = ? AND lease_token = ? AND state = 'RUNNING'")) {
                update.setLong(1, System.currentTimeMillis() + lease.toMillis());
                update.setLong(2, held.trialId());
                update.setInt(3, held.attempt());
                update.setLong(4, held.token());
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Writes an attempt's result, keyed by trial id, attempt and lease token: accepted only while the lease
     * is the current one, so a result is recorded once however often the trial ran.
     *
     * @return whether the result was recorded
     */
    public synchronized boolean complete(Lease held, TrialResult result) {
        boolean recorded = transaction("store the result of trial " + held.trialId(), c -> {
            Instant now = Instant.now();
            try (PreparedStatement update = c.prepareStatement("UPDATE trials SET state = ?, metrics = ?, cost = ?, "
                    + "reason = ?, curve = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL "
                    + "WHERE id = ? AND attempt = ? AND lease_token = ? AND state = 'RUNNING'")) {
                update.setString(1, result.state().name());
                update.setString(2, TrialRows.metrics(result.metrics()));
                TrialRows.setDouble(update, 3, result.cost());
                update.setString(4, result.reason());
                update.setString(5, TrialRows.curve(result.curve()));
                update.setString(6, now.toString());
                update.setLong(7, held.trialId());
                update.setInt(8, held.attempt());
                update.setLong(9, held.token());
                return update.executeUpdate() == 1;
            }
        });
        workerLeases.remove(held.trialId());
        if (!recorded) {
            LOG.warn("the result of trial {} attempt {} was refused: its lease (token {}) is no longer held",
                    held.trialId(), held.attempt(), held.token());
        }
        return recorded;
    }

    private Optional<TrialRecord> readTrial(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + TrialRows.COLUMNS + " FROM trials WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(TrialRows.read(row)) : Optional.empty();
            }
        }
    }

    // ---------------------------------------------------------------- leases

    private void bindLease(PreparedStatement statement, int first, TrialState state) throws SQLException {
        boolean running = state == TrialState.RUNNING;
        statement.setString(first, running ? holder.id() : null);
        statement.setString(first + 1, running ? holder.id() : null);
        if (running) {
            statement.setLong(first + 2, System.currentTimeMillis() + lease.toMillis());
        } else {
            statement.setNull(first + 2, java.sql.Types.BIGINT);
        }
    }

    private void startHeartbeat() {
        if (heartbeat != null) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nas4j-store-leases");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void renewLeases() {
        if (closed) {
            return;
        }
        try {
            transaction("renew leases", c -> {
                long until = System.currentTimeMillis() + lease.toMillis();
                if (searchHeld && lostTo == null) {
                    try (PreparedStatement lock = c.prepareStatement(
                            "UPDATE search_lock SET expires_at = ? WHERE id = 1 AND holder = ?")) {
                        lock.setLong(1, until);
                        lock.setString(2, holder.id());
                        if (lock.executeUpdate() == 0) {
                            lostTo = "another process took over the search";
                            LOG.error("the search's lock in {} was taken by another process; this one stops writing",
                                    description);
                        }
                    }
                    try (PreparedStatement trials = c.prepareStatement("UPDATE trials SET lease_expires_at = ? "
                            + "WHERE state = 'RUNNING' AND lease_owner = ?")) {
                        trials.setLong(1, until);
                        trials.setString(2, holder.id());
                        trials.executeUpdate();
                    }
                }
                try (PreparedStatement update = c.prepareStatement("UPDATE trials SET lease_expires_at = ? "
                        + "WHERE id = ? AND lease_token = ? AND state = 'RUNNING'")) {
                    for (Lease held : workerLeases.values()) {
                        update.setLong(1, until);
                        update.setLong(2, held.trialId());
                        update.setLong(3, held.token());
                        update.addBatch();
                    }
                    if (!workerLeases.isEmpty()) {
                        update.executeBatch();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not renew leases in {}: {}", description, e.getMessage());
        }
    }

    private void checkWritable() {
        if (lostTo != null) {
            throw new StoreException("the trial store " + description + " no longer belongs to this search: " + lostTo);
        }
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        try {
            if (searchHeld && lostTo == null) {
                transaction("release the search", c -> {
                    // trials this process was running are given up: whoever resumes runs them again
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
        } catch (RuntimeException e) {
            LOG.warn("could not release the search in {}: {}", description, e.getMessage());
        } finally {
            closed = true;
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", description, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T transaction(String what, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the trial store " + description + " is closed");
        }
        try {
            begin();
            T value = work.run(connection);
            commit();
            return value;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot " + what + " in " + description + ": " + firstSentence(e.getMessage()), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /*
     * SQLite connections stay in auto-commit mode and begin each transaction themselves with BEGIN
     * IMMEDIATE: the write lock is taken when the transaction begins (two writers never deadlock upgrading
     * a read lock) and released at its end. The driver's own transaction handling would begin the next
     * transaction right after each commit and so hold the lock between transactions.
     */
    private void begin() throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
        }
    }

    private void commit() throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
        } else {
            connection.commit();
        }
    }

    private void rollback() {
        try {
            if (dialect == Dialect.SQLITE) {
                try (Statement statement = connection.createStatement()) {
                    // fails harmlessly when the transaction never began
                    statement.execute("ROLLBACK");
                }
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback: {}", e.getMessage());
        }
    }

    private static Connection connect(String url, Dialect dialect, String description) {
        try {
            Connection connection;
            if (dialect == Dialect.SQLITE) {
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
                connection = DriverManager.getConnection(url, config.toProperties());
                return connection;
            } else {
                Properties properties = new Properties();
                if (!url.contains("connectTimeout=")) {
                    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
                }
                if (!url.contains("ApplicationName=")) {
                    properties.setProperty("ApplicationName", "nas4j");
                }
                connection = DriverManager.getConnection(url, properties);
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            String cause = firstSentence(e.getMessage());
            if (dialect == Dialect.SQLITE && cause.contains("not a database")) {
                throw new StoreException(description + " is not an SQLite database", e);
            }
            throw new StoreException("cannot open the trial store " + description + ": " + cause, e);
        }
    }

    /** The URL without user information or query parameters (which may hold a password). */
    static String redact(String url) {
        String text = url;
        int query = text.indexOf('?');
        if (query >= 0) {
            text = text.substring(0, query);
        }
        int scheme = text.indexOf("//");
        int at = text.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            text = text.substring(0, scheme + 2) + text.substring(at + 1);
        }
        return text;
    }

    private static String firstSentence(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String line = message.replaceAll("\\s*\\R\\s*", " ").strip();
        int end = line.indexOf(". ");
        line = end > 0 ? line.substring(0, end) : line;
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
