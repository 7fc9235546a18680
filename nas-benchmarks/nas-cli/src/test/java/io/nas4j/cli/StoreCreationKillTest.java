package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search killed with SIGKILL while it creates its trial store leaves a folder that a command can use: either
 * {@code nas resume} continues the search, or it says in one sentence that there is nothing to resume and the
 * same {@code nas search} starts it. Either way the search ends as an uninterrupted one. The killed searches run
 * in child JVMs (the real {@code nas} main class); the kill lands at a seeded random moment soon after the first
 * file appears in the output folder: while the store is being created, or just after.
 */
class StoreCreationKillTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static final int BUDGET = 120;
    private static final int KILLS = 6;
    private static final long KILL_POINTS_SEED = 7;
    /** Creating the store takes 20 to 200 ms here: every other kill lands early, the rest anywhere in it or after. */
    private static final Duration[] WINDOWS = {Duration.ofMillis(60), Duration.ofMillis(300)};

    @TempDir
    Path folder;

    @Test
    void aSearchKilledWhileCreatingItsStoreIsResumedOrStartedAgain() throws Exception {
        List<String> search = List.of("search", "--backend", "tabular", "--space", "nb201", "--budget",
                Integer.toString(BUDGET), "--seed", "7", "--data-dir", TestData.directory().toString());
        Outcome straight = CliRun.run(INJECTOR, with(search, "--out", folder.resolve("straight").toString()));
        assertThat(straight.status()).as(straight.err()).isZero();
        JsonNode expected = best(folder.resolve("straight"));
        Random points = new Random(KILL_POINTS_SEED);

        for (int kill = 0; kill < KILLS; kill++) {
            Path out = folder.resolve("killed-" + kill);
            Duration delay = Duration.ofNanos((long) (points.nextDouble() * WINDOWS[kill % 2].toNanos()));
            Process child = KillAndResumeTest.startCli(List.of(with(search, "--out", out.toString())),
                    folder.resolve("killed-" + kill + ".log"));
            while (names(out).isEmpty()) {
                assertThat(child.isAlive()).as("the child ended before it began its store").isTrue();
                Thread.sleep(1);
            }
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
            child.destroyForcibly();
            child.waitFor();
            String left = "killed " + delay.toNanos() / 1000 + " µs after the first file in " + out + ", leaving " + names(out);

            Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", out.toString());
            if (resumed.status() != 0) {
                assertThat(resumed.status()).as(left + ": " + resumed.err()).isEqualTo(2);
                assertThat(resumed.err().strip().lines()).as(left).hasSize(1);
                Outcome again = CliRun.run(INJECTOR, with(search, "--out", out.toString()));
                assertThat(again.status()).as(left + ": " + again.err()).isZero();
            }
            assertThat(best(out)).as(left).isEqualTo(expected);
            System.out.printf("store creation kill: %s; %s%n", left, resumed.status() == 0 ? "resume continued"
                    : "resume refused, search started again");
        }
    }

    @Test
    void thePartialStoreOfAKilledSearchNeitherResumesNorBlocksANewSearch() throws IOException {
        Path out = Files.createDirectories(folder.resolve("partial"));
        Process gone = new ProcessBuilder("true").start();
        try {
            gone.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Path partial = Files.writeString(out.resolve(".trials.db." + io.nas4j.store.jdbc.Holder.current().host()
                + "-" + gone.pid() + "-0-0000dead.partial"), "half a store");

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

    private static JsonNode best(Path out) throws IOException {
        return JsonMapper.builder().build().readTree(out.resolve("result.json").toFile()).get("best");
    }

    private static List<String> names(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(out)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String[] with(List<String> args, String... more) {
        return Stream.concat(args.stream(), Stream.of(more)).toArray(String[]::new);
    }
}
