package io.nas4j.store.jdbc;

import io.nas4j.core.port.Claim;
import io.nas4j.core.port.Lease;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.port.TrialStoreSnapshot;
import io.nas4j.core.trial.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * the store renews it until {@link #complete}, which is accepted only from the current holder. A search
 * whose trials wait for such workers offers them with {@link #enqueue}, and finds the workers that died
 * with {@link #revokeLapsed}; a worker that stops cleanly hands its trial back with {@link #release}.
 *
 * <p><b>Finding it.</b> Code given a URL opens it without naming this module, through
 * {@link io.nas4j.core.port.TrialStores} and {@link JdbcTrialStoreProvider}; workers see it as the
 * {@link TrialLeases} port. {@link #read(String)} reads a store without opening it for writing (a dashboard).
 *
 * <p><b>Threads.</b> One connection per object; every method is synchronized. Open one object per
 * process or thread that works concurrently. {@link #close()} re-queues the trials this object was
 * running, releases the search's lock and closes the connection.
 */
public final class JdbcTrialStore implements TrialStore, TrialLeases {

    /** How long a lease lasts without renewal; renewed every third of it. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTrialStore.class);

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

    private final Transactions database;
    private final Holder holder;
    private final Duration lease;
    private final TrialTable table;
    private final SearchLock search;
    private final WorkerLeases claims;
    private final Heartbeat heartbeat;

    private JdbcTrialStore(Transactions database, Duration lease) {
        this.database = database;
        this.holder = Holder.current();
        this.lease = lease;
        this.table = new TrialTable(database, holder, lease);
        this.search = new SearchLock(database, holder, lease);
        this.claims = new WorkerLeases(database, holder, lease);
        this.heartbeat = new Heartbeat(lease, this::renewLeases);
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
        Transactions database = Transactions.connect(url, dialect, description);
        try {
            String store = description;
            database.run("set up the schema", c -> Migrations.migrate(c, dialect, options.create(), store));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new JdbcTrialStore(database, options.lease());
    }

    /**
     * Creates the SQLite store {@code file} holding the latest schema and {@code attributes}, as a whole or not
     * at all: it is written under a temporary name beside {@code file} and linked into place once complete. A
     * process killed at any moment so leaves either no {@code file} or one that opens with every attribute;
     * the temporary file a killed process leaves is removed by a later creation in the folder. Of two processes
     * creating one file at once, one creates it and the other gets false.
     *
     * @return false, changing nothing, when {@code file} exists
     * @throws StoreException naming {@code file} when its folder does not exist or it cannot be written
     */
    public static boolean create(Path file, Map<String, String> attributes) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(attributes, "attributes");
        return SqliteCreation.create(file, Map.copyOf(attributes));
    }

    /**
     * Reads what the store at a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL holds now: its
     * attributes and trials, in one transaction over a read-only connection. Nothing is created, migrated,
     * locked or written, so a dashboard may read while the search that owns the store writes. An SQLite file
     * that no process has open is read as immutable, leaving no {@code -wal} or {@code -shm} file behind.
     *
     * @return empty when there is no store yet: no such file, or a database with no tables
     * @throws IllegalArgumentException when the URL is of another kind
     * @throws IllegalStateException    starting "cannot read the trial store STORE: " when the database cannot
     *                                  be reached or read, is not a nas4j trial store, or is of a newer schema
     */
    public static Optional<TrialStoreSnapshot> read(String url) {
        Objects.requireNonNull(url, "url");
        return StoreReader.read(url);
    }

    /**
     * Reads what the SQLite store in {@code file} holds now, as {@link #read(String)} does; errors name
     * {@code file} as given.
     */
    public static Optional<TrialStoreSnapshot> read(Path file) {
        Objects.requireNonNull(file, "file");
        return StoreReader.readFile(file);
    }

    /** The URL of the SQLite store in {@code file}. */
    public static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath().normalize();
    }

    /** The store's URL without credentials, or its file. */
    public String description() {
        return database.description();
    }

    /** Who this object is in leases and the {@code worker} column. */
    public Holder holder() {
        return holder;
    }

    /** The schema version of the database. */
    public synchronized int schemaVersion() {
        return table.schemaVersion();
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
        search.take();
        heartbeat.start();
        // waiting on this object's monitor lets the heartbeat renew the lock meanwhile
        return search.recover(this::wait);
    }

    // ---------------------------------------------------------------- TrialStore

    @Override
    public synchronized void putAttribute(String name, String value) {
        search.checkWritable();
        table.putAttribute(name, value);
    }

    /** Stores every one of {@code attributes} in one transaction: a process killed meanwhile stores none. */
    public synchronized void putAttributes(Map<String, String> attributes) {
        search.checkWritable();
        table.putAttributes(attributes);
    }

    @Override
    public synchronized Optional<String> attribute(String name) {
        return table.attribute(name);
    }

    @Override
    public void insert(TrialRecord trial) {
        insertAll(List.of(trial));
    }

    @Override
    public synchronized void insertAll(List<TrialRecord> trials) {
        search.checkWritable();
        table.insertAll(trials);
    }

    /**
     * Replaces the stored trial. A RUNNING record takes a new lease for this object (and voids any earlier
     * one: its token grows); a finished or queued record drops the lease.
     */
    @Override
    public synchronized void update(TrialRecord trial) {
        search.checkWritable();
        table.update(trial);
    }

    @Override
    public synchronized List<TrialRecord> trials() {
        return table.trials();
    }

    /** The trial with this id, if stored. */
    @Override
    public synchronized Optional<TrialRecord> trial(long id) {
        return table.trial(id);
    }

    /** Who last ran each trial ({@code worker} column), by trial id; trials never started are absent. */
    public synchronized Map<Long, String> workers() {
        return table.workers();
    }

    // ---------------------------------------------------------------- workers

    /**
     * Claims one attempt of a trial to run it here, whatever lease another holder had: the caller knows
     * the earlier holder is gone (Spark runs a task again only after its previous attempt failed), and
     * that holder's result will now be refused.
     *
     * @param label names the claimant in the {@code worker} column, for example {@code "spark task 7.1"}
     */
    @Override
    public synchronized Claim claim(long trialId, int attempt, String label) {
        Claim claim = claims.claim(trialId, attempt, label);
        if (claim instanceof Claim.Granted) {
            heartbeat.start();
        }
        return claim;
    }

    /**
     * Claims the QUEUED trial with the lowest id, if any. On PostgreSQL concurrent claimants pass over each
     * other's locked rows ({@code FOR UPDATE SKIP LOCKED}); on SQLite write transactions are serial.
     */
    @Override
    public synchronized Optional<Lease> claimNext(String label) {
        Optional<Lease> claimed = claims.claimNext(label);
        claimed.ifPresent(granted -> heartbeat.start());
        return claimed;
    }

    /** Extends a lease by one lease duration; false when it is no longer held (someone claimed the trial again). */
    @Override
    public synchronized boolean renew(Lease held) {
        return claims.renew(held);
    }

    /**
     * Writes an attempt's result, keyed by trial id, attempt and lease token: accepted only while the lease
     * is the current one, so a result is recorded once however often the trial ran.
     *
     * @return whether the result was recorded
     */
    @Override
    public synchronized boolean complete(Lease held, TrialResult result) {
        return claims.complete(held, result);
    }

    /** Offers one attempt of a trial to workers (QUEUED for {@link #claimNext}), voiding any lease on it. */
    @Override
    public synchronized boolean enqueue(long trialId, int attempt) {
        return claims.enqueue(trialId, attempt);
    }

    /** Hands a leased trial back to the queue, unfinished, for the same attempt. */
    @Override
    public synchronized boolean release(Lease held) {
        return claims.release(held);
    }

    /**
     * Voids the lapsed leases of RUNNING trials (not renewed in time, or held by a dead process of this
     * host), leaving the trials RUNNING under no lease; a later result under a voided lease is refused.
     */
    @Override
    public synchronized List<Lease> revokeLapsed() {
        return claims.revokeLapsed();
    }

    // ---------------------------------------------------------------- plumbing

    private synchronized void renewLeases() {
        if (database.closed()) {
            return;
        }
        try {
            database.run("renew leases", c -> {
                long until = System.currentTimeMillis() + lease.toMillis();
                search.renew(c, until);
                claims.renewHeld(c, until);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not renew leases in {}: {}", description(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (database.closed()) {
            return;
        }
        heartbeat.stop();
        try {
            search.release();
        } catch (RuntimeException e) {
            LOG.warn("could not release the search in {}: {}", description(), e.getMessage());
        } finally {
            database.close();
        }
    }

    /** The URL without user information or query parameters (which may hold a password). */
    static String redact(String url) {
        return Transactions.redact(url);
    }
}
