package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.store.jdbc.Holder;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults injected into real {@code nas search} processes (child JVMs running the {@code nas} main class): SIGKILL
 * while the trial store is created, while trials are committed, and in the final step that writes
 * {@code result.json} and the report (before and as {@code result.json} appears); SIGTERM and SIGHUP mid-run; a
 * store that fills up; a full disk where a small file system is given. After each, either
 * {@code nas resume} continues the search or it refuses in one sentence and the same {@code nas search} starts it
 * again; every trial that was committed when the fault struck is kept as it was, and the search ends as the
 * uninterrupted one with the same seed does. Where each fault strikes is drawn from a fixed seed.
 */
class FaultInjectionTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final int BUDGET = 120;
    private static final long FAULT_POINTS_SEED = 7;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;
    private static List<TrialRecord> expected;
    private static JsonNode expectedBest;

    /** When a fault strikes, and with which signal. */
    enum Moment { CREATING_THE_STORE, COMMITTING_TRIALS, FINAL_STEP, WRITING_THE_RESULT }

    enum Signal {
        KILL, TERM, HUP;

        void send(Process child) throws IOException, InterruptedException {
            switch (this) {
                case KILL -> child.destroyForcibly();
                case TERM -> child.destroy();
                case HUP -> new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start().waitFor();
            }
        }
    }

    /**
     * A fault: {@code signal} once {@code moment} has come ({@code finished} trials committed, for
     * {@link Moment#COMMITTING_TRIALS}) and {@code delayMicros} more have passed.
     */
    record Fault(Signal signal, Moment moment, int finished, long delayMicros) {
    }

    @BeforeAll
    static void anUninterruptedSearch() throws IOException {
        Path straight = root.resolve("straight");
        Outcome outcome = CliRun.run(INJECTOR, search(straight));
        assertThat(outcome.status()).as(outcome.err()).isZero();
        expected = trials(straight);
        expectedBest = best(straight);
    }

    static Stream<Arguments> faults() {
        Random points = new Random(FAULT_POINTS_SEED);
        List<Fault> faults = new ArrayList<>();
        // creating the store takes 20 to 200 ms here: one kill lands early in it, one anywhere in it or just after
        faults.add(new Fault(Signal.KILL, Moment.CREATING_THE_STORE, 0, points.nextInt(60_000)));
        faults.add(new Fault(Signal.KILL, Moment.CREATING_THE_STORE, 0, points.nextInt(300_000)));
        for (int i = 0; i < 2; i++) {
            faults.add(new Fault(Signal.KILL, Moment.COMMITTING_TRIALS, 1 + points.nextInt(BUDGET - 30), points.nextInt(2_000)));
        }
        faults.add(new Fault(Signal.KILL, Moment.FINAL_STEP, BUDGET, points.nextInt(100_000)));
        faults.add(new Fault(Signal.KILL, Moment.WRITING_THE_RESULT, BUDGET, points.nextInt(3_000)));
        faults.add(new Fault(Signal.TERM, Moment.COMMITTING_TRIALS, 1 + points.nextInt(BUDGET - 30), points.nextInt(2_000)));
        faults.add(new Fault(Signal.HUP, Moment.COMMITTING_TRIALS, 1 + points.nextInt(BUDGET - 30), points.nextInt(2_000)));
        return faults.stream().map(fault -> Arguments.of(Named.of("SIG" + fault.signal() + " " + fault.moment().name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + (fault.moment() == Moment.COMMITTING_TRIALS
                ? " after " + fault.finished() + " trials" : "") + " +" + fault.delayMicros() + " µs", fault)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aSearchHitByAFaultContinuesAndKeepsEveryCommittedTrial(Fault fault) throws Exception {
        Path out = root.resolve("fault-" + fault.signal() + "-" + fault.moment() + "-" + fault.delayMicros());
        Process child = KillAndResumeTest.startCli(List.of(search(out)), root.resolve(out.getFileName() + ".log"));
        switch (fault.moment()) {
            case CREATING_THE_STORE -> {
                while (names(out).isEmpty()) {
                    assertThat(child.isAlive()).as("the search ended before it began its store").isTrue();
                    Thread.sleep(1);
                }
            }
            case COMMITTING_TRIALS -> KillAndResumeTest.waitForFinishedTrials(child, out.resolve("trials.db"), fault.finished());
            case FINAL_STEP -> {
                // the last trial's commit and the end of the process may both come between two looks
                while (child.isAlive() && finished(out) < fault.finished()) {
                    Thread.sleep(1);
                }
            }
            case WRITING_THE_RESULT -> {
                while (child.isAlive() && names(out).stream().noneMatch(name -> name.contains("result.json"))) {
                    Thread.sleep(0, 200_000);
                }
            }
        }
        Thread.sleep(fault.delayMicros() / 1000, (int) (fault.delayMicros() % 1000) * 1000);
        fault.signal().send(child);
        int status = child.waitFor();
        List<TrialRecord> committed = trials(out);
        if (Files.exists(out.resolve("result.json"))) {
            assertThat(best(out)).as("a result.json the fault left is whole").isNotNull();
        }
        String left = "exit status " + status + ", " + committed.size() + " trials stored, folder " + names(out);

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());
        String how = "resume continued";
        if (resumed.status() != 0) {
            assertThat(resumed.status()).as(left + ": " + resumed.err()).isEqualTo(2);
            assertThat(resumed.err().strip().lines()).as(left).hasSize(1);
            Outcome again = CliRun.run(INJECTOR, search(out));
            assertThat(again.status()).as(left + ": " + again.err()).isZero();
            how = "resume refused (" + resumed.err().strip() + "), the same search started again";
        }

        List<TrialRecord> after = trials(out);
        for (TrialRecord trial : committed) {
            if (trial.state().finished()) {
                assertThat(after.get((int) trial.id())).as("committed trial %d is kept as it was", trial.id()).isEqualTo(trial);
            }
        }
        assertThat(after).extracting(TrialRecord::genome).containsExactlyElementsOf(genomes(expected));
        assertThat(after).extracting(TrialRecord::metrics)
                .containsExactlyElementsOf(expected.stream().map(TrialRecord::metrics).toList());
        assertThat(best(out)).as(left).isEqualTo(expectedBest);
        System.out.printf("fault injection: %s: %s; %s%n", out.getFileName(), left, how);
    }

    @Test
    void aStoreThatFillsUpMidRunLosesNoCommittedTrialAndResumes() throws Exception {
        Path out = root.resolve("full-store");
        Files.createDirectories(out);
        // SQLITE_FULL, what SQLite reports on a full disk, from a page cap rather than a disk: no root, nothing shared
        String capped = "jdbc:sqlite:" + out.resolve("trials.db") + "?max_page_count=20";
        String[] args = Stream.concat(Stream.of(search(out)), Stream.of("--store", capped)).toArray(String[]::new);

        Path log = root.resolve("full-store.log");
        int status = KillAndResumeTest.startCli(List.of(args), log).waitFor();
        List<TrialRecord> committed = trials(out);
        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());

        // a full disk is the user's to mend: one sentence, status 2, and resume is named as the way on
        assertThat(status).as(Files.readString(log)).isEqualTo(2);
        assertThat(Files.readString(log)).contains("nas search: the disk is full", "SQLITE_FULL",
                "then continue the search with nas resume").doesNotContain("\tat ");
        assertThat(committed.size()).as("the store filled up before the budget was spent").isBetween(1, BUDGET - 1);
        assertThat(resumed.status()).as(resumed.err()).isZero();
        List<TrialRecord> after = trials(out);
        committed.stream().filter(t -> t.state().finished())
                .forEach(trial -> assertThat(after.get((int) trial.id())).isEqualTo(trial));
        assertThat(after).extracting(TrialRecord::genome).containsExactlyElementsOf(genomes(expected));
        assertThat(best(out)).isEqualTo(expectedBest);
    }

    @Test
    void aFullDiskLosesNoCommittedTrialAndResumesOnceThereIsRoom() throws Exception {
        String small = System.getenv("NAS4J_FULL_DISK_DIR");
        assumeTrue(small != null && Files.isDirectory(Path.of(small)), "skipped: filling a disk needs a small file system "
                + "of its own (filling a shared one would fail other processes), and mounting a tmpfs needs root; set "
                + "NAS4J_FULL_DISK_DIR to a folder on one, e.g. after 'mount -t tmpfs -o size=4m tmpfs /mnt/small'");
        Path disk = Files.createTempDirectory(Path.of(small), "nas4j-full");
        Path out = disk.resolve("search");
        Path filler = disk.resolve("filler");
        fill(filler, 256 * 1024);

        Path log = root.resolve("full-disk.log");
        int status = KillAndResumeTest.startCli(List.of(search(out)), log).waitFor();
        List<TrialRecord> committed = trials(out);
        Files.delete(filler);
        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());
        if (resumed.status() == 2) {
            assertThat(resumed.err().strip().lines()).as(resumed.err()).hasSize(1);
            resumed = CliRun.run(INJECTOR, search(out));
        }

        assertThat(status).as(Files.readString(log)).isNotZero();
        assertThat(resumed.status()).as(resumed.err()).isZero();
        List<TrialRecord> after = trials(out);
        committed.stream().filter(t -> t.state().finished())
                .forEach(trial -> assertThat(after.get((int) trial.id())).isEqualTo(trial));
        assertThat(best(out)).isEqualTo(expectedBest);
    }

    @Test
    void thePartialStoreOfAKilledSearchNeitherResumesNorBlocksANewSearch() throws Exception {
        Path out = Files.createDirectories(root.resolve("partial"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path partial = Files.writeString(out.resolve(".trials.db." + Holder.current().host() + "-" + gone.pid()
                + "-0-0000dead.partial"), "half a store");

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());
        Outcome started = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "5",
                "--data-dir", TestData.directory().toString(), "--out", out.toString());

        assertThat(resumed.status()).isEqualTo(2);
        assertThat(resumed.err().strip()).isEqualTo("nas resume: --out " + out + " holds no trials.db; there is no search "
                + "to resume there");
        assertThat(started.status()).as(started.err()).isZero();
        assertThat(partial).doesNotExist();
        assertThat(out.resolve("trials.db")).exists();
    }

    /** Fills the file system of {@code file} up to {@code room} bytes short of full. */
    private static void fill(Path file, int room) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream stream = Files.newOutputStream(file)) {
            while (true) {
                stream.write(block);
            }
        } catch (FileSystemException e) {
            // full
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        long size = Files.size(file);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, size - room));
        }
    }

    private static String[] search(Path out) {
        return new String[] {"search", "--backend", "tabular", "--space", "nb201", "--dataset", "cifar10", "--strategy",
                "regularized-evolution", "--budget", Integer.toString(BUDGET), "--seed", "7", "--data-dir",
                TestData.directory().toString(), "--out", out.toString()};
    }

    /** The trials stored in the folder's store now, read without writing; none when there is no store. */
    private static List<TrialRecord> trials(Path out) {
        return JdbcTrialStore.read(out.resolve("trials.db")).map(held -> held.trials()).orElse(List.of());
    }

    private static long finished(Path out) {
        try {
            return trials(out).stream().filter(t -> t.state().finished()).count();
        } catch (IllegalStateException e) {
            // the child has not created its tables yet
            return 0;
        }
    }

    private static JsonNode best(Path out) throws IOException {
        return JSON.readTree(out.resolve("result.json").toFile()).get("best");
    }

    private static List<String> genomes(List<TrialRecord> trials) {
        return trials.stream().map(TrialRecord::genome).toList();
    }

    private static List<String> names(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(out)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
