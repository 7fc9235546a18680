package io.nas4j.store.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating an SQLite store as a whole: schema and attributes appear under the store's name together or not at all. */
class SqliteCreationTest {

    @TempDir
    Path folder;

    @Test
    void createsTheStoreWithItsAttributesAndLeavesNoOtherFile() throws IOException {
        Path file = folder.resolve("trials.db");

        assertThat(JdbcTrialStore.create(file, Map.of("kind", "tabular", "seed", "7"))).isTrue();

        try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file),
                JdbcTrialStore.Options.defaults().existingOnly())) {
            assertThat(store.attribute("kind")).contains("tabular");
            assertThat(store.attribute("seed")).contains("7");
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
            assertThat(store.trials()).isEmpty();
        }
        assertThat(names(folder)).containsExactly("trials.db");
    }

    @Test
    void anExistingFileIsLeftAsItWas() throws IOException {
        Path file = Files.writeString(folder.resolve("trials.db"), "someone else's notes");

        assertThat(JdbcTrialStore.create(file, Map.of("kind", "tabular"))).isFalse();

        assertThat(file).hasContent("someone else's notes");
        assertThat(names(folder)).containsExactly("trials.db");
    }

    @Test
    void aFolderThatDoesNotExistIsRefused() {
        Path file = folder.resolve("absent").resolve("trials.db");

        assertThatThrownBy(() -> JdbcTrialStore.create(file, Map.of()))
                .isInstanceOf(StoreException.class).hasMessage("the folder of " + file + " does not exist");
    }

    @Test
    void thePartialFilesOfAKilledCreationAreRemovedOnlyOnceItsProcessIsGone() throws Exception {
        Path file = folder.resolve("trials.db");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Holder self = Holder.current();
        Holder dead = new Holder(self.host(), gone.pid(), 0, "0000dead");
        Path deadPartial = Files.writeString(folder.resolve(SqliteCreation.partialName(file, dead)), "half a database");
        Path deadLog = Files.writeString(folder.resolve(SqliteCreation.partialName(file, dead) + "-wal"), "half a log");
        Path livePartial = Files.writeString(folder.resolve(SqliteCreation.partialName(file, self)), "being written");
        Holder elsewhere = new Holder("another-host.example", gone.pid(), 0, "0000away");
        Path remotePartial = Files.writeString(folder.resolve(SqliteCreation.partialName(file, elsewhere)), "theirs");

        assertThat(JdbcTrialStore.create(file, Map.of("kind", "tabular"))).isTrue();

        assertThat(deadPartial).doesNotExist();
        assertThat(deadLog).doesNotExist();
        assertThat(livePartial).as("a creation still under way").exists();
        assertThat(remotePartial).as("another host's process cannot be checked").exists();
    }

    @Test
    void ofConcurrentCreationsExactlyOneCreatesTheStore() throws Exception {
        int creators = 4;
        for (int round = 0; round < 5; round++) {
            Path file = folder.resolve("round-" + round + ".db");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(creators);
            try {
                List<Future<Boolean>> created = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    String creator = Integer.toString(i);
                    Callable<Boolean> create = () -> {
                        start.await();
                        return JdbcTrialStore.create(file, Map.of("creator", creator));
                    };
                    created.add(threads.submit(create));
                }
                start.countDown();
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    if (created.get(i).get()) {
                        winners.add(i);
                    }
                }
                assertThat(winners).hasSize(1);
                try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(file),
                        JdbcTrialStore.Options.defaults().existingOnly())) {
                    assertThat(store.attribute("creator")).contains(Integer.toString(winners.get(0)));
                }
            } finally {
                threads.shutdownNow();
            }
        }
        assertThat(names(folder)).allMatch(name -> name.startsWith("round-") && name.endsWith(".db"));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
