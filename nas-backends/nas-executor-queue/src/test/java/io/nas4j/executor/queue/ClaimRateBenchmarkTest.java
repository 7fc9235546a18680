package io.nas4j.executor.queue;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialState;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many trials a store hands out per second to many workers whose trials take no time: {@code CLAIMERS}
 * {@link QueueWorker}s, each with its own connection, claim, read, evaluate (0 ms) and record queued trials
 * until all are done or the time limit passes. Every trial must be claimed once (its fencing token grew
 * exactly once) and recorded once. The full measurements are opt-in:
 *
 * <pre>{@code
 * . .ci/postgres.sh; postgres_start
 * mvn -B -ntp -o -q -pl nas-backends/nas-executor-queue -am test -Dtest=ClaimRateBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true [-Dnas4j.claims.trials=5000] [-Dnas4j.claims.claimers=64]
 * }</pre>
 *
 * <p>The store under load runs with every build that names a PostgreSQL server: a bounded run in which the search
 * stores its trials while the 64 workers drain them, so that 65 connections write at once.
 */
class ClaimRateBenchmarkTest {

    private static final int TRIALS = Integer.getInteger("nas4j.claims.trials", 5_000);
    private static final int CLAIMERS = Integer.getInteger("nas4j.claims.claimers", 64);
    /** Trials of the bounded run under load, stored by the search in batches while the workers drain them. */
    private static final int LOAD_TRIALS = Integer.getInteger("nas4j.load.trials", 2_000);
    private static final int LOAD_BATCH = 50;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    @EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
    void postgresqlHandsOutEveryTrialOnceToManyClaimers() throws Exception {
        measure("PostgreSQL", Stores.postgres(), TRIALS, CLAIMERS, false);
    }

    @Test
    @EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
    void sqliteHandsOutEveryTrialOnceToManyClaimersOnOneHost() throws Exception {
        measure("SQLite", Stores.sqlite(folder), TRIALS / 5, CLAIMERS, false);
    }

    @Test
    void postgresqlUnderLoadOfSixtyFourWritersLosesAndDoublesNoTrial() throws Exception {
        measure("PostgreSQL under load", Stores.postgres(), LOAD_TRIALS, 64, true);
    }

    /**
     * Drains {@code trials} through {@code claimers} workers; with {@code streamed} the search stores them in
     * batches meanwhile, as a search does that enqueues as it asks, rather than all before the workers start.
     */
    private static void measure(String database, String url, int trials, int claimers, boolean streamed) throws Exception {
        List<TrialRecord> queued = new ArrayList<>();
        MacroSpace space = new MacroSpace();
        SplittableRandom random = new SplittableRandom(1);
        for (long id = 0; id < trials; id++) {
            String genome = space.format(space.sample(random));
            queued.add(new TrialRecord(id, 0, 0, -1, genome, genome, Double.POSITIVE_INFINITY, TrialState.QUEUED,
                    Map.of(), 0, "", 1, List.of(), null, null));
        }
        JdbcTrialStore search = JdbcTrialStore.open(url);
        StoredRecipe.write(search, TrialRecipe.of(InstantFactory.class, ""));
        if (!streamed) {
            search.insertAll(queued);
        }
        ExecutorService threads = Executors.newFixedThreadPool(claimers + 1);
        List<JdbcTrialStore> stores = new ArrayList<>();
        List<QueueWorker> workers = new ArrayList<>();
        List<Future<QueueWorker.Summary>> summaries = new ArrayList<>();
        for (int w = 0; w < claimers; w++) {
            JdbcTrialStore store = JdbcTrialStore.open(url);
            stores.add(store);
            workers.add(new QueueWorker(store, QueueWorker.Settings.defaults().withName("claimer-" + w)
                    .withPolls(Duration.ofMillis(1), Duration.ofMillis(20))));
        }
        long start = System.nanoTime();
        workers.forEach(worker -> summaries.add(threads.submit(worker::run)));
        Future<?> storing = threads.submit(() -> {
            for (int from = 0; streamed && from < trials; from += LOAD_BATCH) {
                search.insertAll(queued.subList(from, Math.min(trials, from + LOAD_BATCH)));
            }
            return null;
        });
        int done = 0;
        long deadline = start + LIMIT.toNanos();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            while (done < trials && System.nanoTime() < deadline) {
                Thread.sleep(5);
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM trials WHERE state = 'COMPLETE'")) {
                    rows.next();
                    done = rows.getInt(1);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        storing.get(30, TimeUnit.SECONDS);
        search.close();
        workers.forEach(QueueWorker::stop);
        int recorded = 0;
        int refused = 0;
        for (Future<QueueWorker.Summary> summary : summaries) {
            recorded += summary.get(30, TimeUnit.SECONDS).recorded();
            refused += summary.get().refused();
        }
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        stores.forEach(JdbcTrialStore::close);

        int claimedOnce;
        int complete;
        int stored;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM trials")) {
                count.next();
                stored = count.getInt(1);
            }
            // a trial is stored with token 1; each claim adds one
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM trials WHERE lease_token = 2")) {
                rows.next();
                claimedOnce = rows.getInt(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM trials WHERE state = 'COMPLETE'")) {
                rows.next();
                complete = rows.getInt(1);
            }
        }
        System.out.printf(Locale.ROOT, "claim rate, %s: %d claimers, %d of %d trials claimed and recorded in %.2f s: "
                        + "%.0f claims/s; claimed exactly once: %d, results recorded: %d, refused: %d, cores: %d, "
                        + "load average %.1f%n",
                database, claimers, complete, trials, seconds, complete / seconds, claimedOnce, recorded, refused,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(stored).as("one row per trial").isEqualTo(trials);
        assertThat(complete).as("no trial lost").isEqualTo(trials);
        assertThat(claimedOnce).as("no trial claimed twice").isEqualTo(trials);
        assertThat(recorded).as("every result recorded once").isEqualTo(trials);
        assertThat(refused).isZero();
    }
}
