package io.nas4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --data-dir} as a plain path, a {@code file:} URI, or another file system's URI, which is kept and read
 * where the data is loaded (through Hadoop, which comes with Spark).
 */
class DataLocationsTest {

    @TempDir
    Path folder;

    @Test
    void aPlainPathStaysAsGiven() {
        assertThat(DataLocations.localPath("../shared/data")).isEqualTo("../shared/data");
        assertThat(DataLocations.localPath("/data/fashion-mnist")).isEqualTo("/data/fashion-mnist");
        assertThat(DataLocations.localPath(null)).isNull();
    }

    @Test
    void aFileUriBecomesThePathItNames() {
        assertThat(DataLocations.localPath("file:///data/fashion%20mnist")).isEqualTo("/data/fashion mnist");
        assertThat(DataLocations.localPath("file:/data/mnist")).isEqualTo("/data/mnist");
        assertThat(DataLocations.localPath("file://localhost/data/mnist")).isEqualTo("/data/mnist");
    }

    @Test
    void anotherFileSystemsUriIsKeptForWhereTheDataIsRead() {
        assertThat(DataLocations.localPath("hdfs://namenode:8020/data/mnist")).isEqualTo("hdfs://namenode:8020/data/mnist");
        assertThat(DataLocations.absolute("s3a://bucket/mnist")).isEqualTo("s3a://bucket/mnist");
        assertThat(DataLocations.absolute("data")).isEqualTo(java.nio.file.Path.of("data").toAbsolutePath().toString());
    }

    @Test
    void aSchemeNoInstalledFileSystemReadsIsOneSentenceWithTheWayOut() {
        CliRun.Outcome outcome = CliRun.run(com.google.inject.Guice.createInjector(new io.nas4j.cli.wiring.NasModule()),
                "search", "--dataset", "mnist", "--data-dir", "nosuchfs://127.0.0.1:1/data/mnist", "--budget", "1",
                "--workers", "0", "--out", folder.resolve("run").toString());

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --data-dir nosuchfs://127.0.0.1:1/data/mnist: nothing here "
                + "reads nosuchfs URIs; they are read through Hadoop's FileSystem, which comes with Spark (--executor spark, "
                + "or spark-submit), with that file system's module (hadoop-aws for s3a:) on the class path; otherwise "
                + "give a local folder or a file: URI");
    }

    @Test
    void aTabularSearchRefusesAnotherFileSystemInOneSentence() {
        CliRun.Outcome outcome = CliRun.run(com.google.inject.Guice.createInjector(new io.nas4j.cli.wiring.NasModule()),
                "search", "--backend", "tabular", "--data-dir", "hdfs://namenode/tables", "--out", folder.resolve("t").toString());

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("nas search: --data-dir hdfs://namenode/tables: a tabular search reads "
                + "its tables in this process from a local folder; copy them here first (hdfs dfs -get, aws s3 sync)");
    }
}
