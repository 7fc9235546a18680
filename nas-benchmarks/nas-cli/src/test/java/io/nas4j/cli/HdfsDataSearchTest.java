package io.nas4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.cli.CliRun.Outcome;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.runner.VolumetricTestData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --data-dir hdfs://...}: a search whose data lives on a real HDFS (a name node and a data node in this
 * JVM, on loopback), read by the search's own process and, with {@code --executor spark}, by the Spark tasks
 * where they run, each through a local copy of the folder made once.
 */
class HdfsDataSearchTest {

    private static final Injector INJECTOR = Guice.createInjector(new NasModule());
    private static MiniDFSCluster cluster;
    private static String data;

    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    @BeforeAll
    static void hdfsWithAMedMnistFile() throws IOException {
        Configuration configuration = new Configuration();
        configuration.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, shared.resolve("hdfs").toString());
        cluster = new MiniDFSCluster.Builder(configuration).numDataNodes(1).build();
        cluster.waitActive();
        FileSystem hdfs = cluster.getFileSystem();
        Path file = VolumetricTestData.medMnistLike(shared.resolve("organmnist3d.npz"), 16, 12, 1);
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()),
                new org.apache.hadoop.fs.Path("/datasets/medmnist/organmnist3d.npz"));
        data = hdfs.getUri() + "/datasets/medmnist";
    }

    @AfterAll
    static void stopHdfs() {
        System.clearProperty("nas4j.data.cache");
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void aSearchReadsItsDataFromHdfsAndRecordsTheUri() throws IOException {
        System.setProperty("nas4j.data.cache", folder.resolve("cache").toString());
        Path out = folder.resolve("run");

        Outcome search = CliRun.run(INJECTOR, "search", "--dataset", "medmnist3d", "--data-dir", data, "--budget", "2",
                "--epochs", "1", "--final-epochs", "1", "--workers", "0", "--seed", "3", "--out", out.toString());

        assertThat(search.status()).as(search.err()).isZero();
        JsonNode result = new JsonMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.get("best").get("test").get("examples").asInt()).isEqualTo(24);
        assertThat(result.get("config").get("dataDir").asText()).as("the location as given, not this machine's copy")
                .isEqualTo(data);
        assertThat(Files.list(folder.resolve("cache")).toList()).as("one local copy").hasSize(1);
    }

    @Test
    void sparkTasksReadTheHdfsFolderWhereTheyRun() throws Exception {
        Path out = folder.resolve("spark");
        Path cache = folder.resolve("spark-cache");
        try (SparkProcesses spark = SparkProcesses.in(folder)) {
            Process nas = spark.nas("nas", List.of("-Dnas4j.data.cache=" + cache), "search", "--dataset", "medmnist3d",
                    "--data-dir", data, "--executor", "spark", "--master", "local[2]", "--budget", "3", "--epochs", "1",
                    "--final-epochs", "1", "--seed", "3", "--out", out.toString());
            assertThat(nas.waitFor(170, TimeUnit.SECONDS)).as("nas ended within 170 s").isTrue();
            assertThat(nas.exitValue()).as(Files.readString(spark.log("nas"))).isZero();
        }

        assertThat(new JsonMapper().readTree(out.resolve("result.json").toFile()).at("/best/test/examples").asInt())
                .isEqualTo(24);
        assertThat(Files.list(cache).toList()).as("the driver and its tasks share one copy on this host").hasSize(1);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("trials.db"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, worker FROM trials")) {
            int count = 0;
            while (rows.next()) {
                count++;
                assertThat(rows.getString(1)).isEqualTo("COMPLETE");
                assertThat(rows.getString(2)).contains("#spark executor driver task attempt");
            }
            assertThat(count).isEqualTo(3);
        }
    }
}
