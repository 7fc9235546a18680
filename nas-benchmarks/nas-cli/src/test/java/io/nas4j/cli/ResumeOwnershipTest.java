package io.nas4j.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store belongs to the output folder its search was started with: {@code nas resume} does not write one
 * search's result over another's, whether the store is named with {@code --store} or copied into the folder,
 * unless {@code --adopt-store} says the folder takes the store over.
 */
class ResumeOwnershipTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());

    @TempDir
    Path folder;

    private Path x;
    private Path z;
    private byte[] zResult;
    private byte[] xStore;

    @BeforeEach
    void twoFinishedSearches() throws IOException {
        x = folder.resolve("x");
        z = folder.resolve("z");
        assertThat(search(x, "1").status()).isZero();
        assertThat(search(z, "2").status()).isZero();
        zResult = Files.readAllBytes(z.resolve("result.json"));
        xStore = Files.readAllBytes(x.resolve("trials.db"));
    }

    @Test
    void theStoreRecordsItsOutputFolderAndIdentity() {
        try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(x.resolve("trials.db")),
                JdbcTrialStore.Options.defaults().existingOnly())) {
            assertThat(store.attribute(StoredSearch.OUTPUT)).contains(x.toAbsolutePath().normalize().toString());
            assertThat(store.attribute(StoredSearch.SEARCH_ID)).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        }
    }

    @Test
    void anotherFoldersStoreNamedWithStoreIsRefused() throws IOException {
        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", z.toString(), "--store",
                "jdbc:sqlite:" + x.resolve("trials.db"));

        assertThat(resumed.status()).isEqualTo(2);
        assertThat(resumed.err().strip()).isEqualTo("nas resume: the store " + x.resolve("trials.db")
                + " belongs to the search in " + x + ", not to --out " + z + "; give --adopt-store to continue that "
                + "search in " + z + " (the store then belongs there)");
        assertThat(z.resolve("result.json")).hasBinaryContent(zResult);
        assertThat(x.resolve("trials.db")).hasBinaryContent(xStore);
    }

    @Test
    void aStoreCopiedIntoAnotherFolderIsRefused() throws IOException {
        Files.copy(x.resolve("trials.db"), z.resolve("trials.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Outcome resumed = CliRun.run(INJECTOR, "resume", "--out", z.toString());

        assertThat(resumed.status()).isEqualTo(2);
        assertThat(resumed.err().strip()).startsWith("nas resume: the store " + z.resolve("trials.db")
                + " belongs to the search in " + x + ", not to --out " + z + ";").contains("--adopt-store");
        assertThat(z.resolve("result.json")).hasBinaryContent(zResult);
    }

    @Test
    void adoptingTheStoreContinuesTheSearchInTheNewFolderWhichThenOwnsIt() throws IOException {
        Path moved = folder.resolve("moved");
        Files.move(x, moved);

        Outcome refused = CliRun.run(INJECTOR, "resume", "--out", moved.toString());
        Outcome adopted = CliRun.run(INJECTOR, "resume", "--out", moved.toString(), "--adopt-store");
        Outcome again = CliRun.run(INJECTOR, "resume", "--out", moved.toString());

        assertThat(refused.status()).isEqualTo(2);
        assertThat(adopted.status()).as(adopted.err()).isZero();
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(moved.resolve("result.json").toFile()).get("complete").asInt())
                .isEqualTo(10);
        try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(moved.resolve("trials.db")),
                JdbcTrialStore.Options.defaults().existingOnly())) {
            assertThat(store.attribute(StoredSearch.OUTPUT)).contains(moved.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void theSameFolderNamedAnotherWayIsTheOwner() {
        Path relative = Path.of("").toAbsolutePath().relativize(x);
        Path roundabout = x.resolve("..").resolve(x.getFileName());

        assertThat(CliRun.run(INJECTOR, "resume", "--out", relative.toString()).status()).isZero();
        assertThat(CliRun.run(INJECTOR, "resume", "--out", roundabout.toString()).status()).isZero();
    }

    @Test
    void aPostgresqlStoreResumedIntoAnotherFolderIsRefused() throws Exception {
        String server = System.getenv("NAS4J_POSTGRES_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(server != null && !server.isBlank(),
                "skipped: no PostgreSQL server is named (set NAS4J_POSTGRES_URL; .ci/run starts one)");
        String schema = "own_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Path shared = folder.resolve("shared");
        Outcome first = CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "5",
                "--store", url, "--data-dir", TestData.directory().toString(), "--out", shared.toString());

        Outcome elsewhere = CliRun.run(INJECTOR, "resume", "--store", url, "--out", z.toString());

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(elsewhere.status()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("belongs to the search in " + shared).contains("--adopt-store");
        assertThat(z.resolve("result.json")).hasBinaryContent(zResult);
    }

    private Outcome search(Path out, String seed) {
        return CliRun.run(INJECTOR, "search", "--backend", "tabular", "--space", "macro", "--budget", "10", "--seed",
                seed, "--data-dir", TestData.directory().toString(), "--out", out.toString());
    }
}
