package io.nas4j.executor.spark;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.DataFolders;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.Search;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialState;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data folders on a real HDFS (a name node and a data node in this JVM, on loopback): read through
 * {@link DataFolders} by {@link HadoopDataFolders}, on the driver and inside Spark tasks alike.
 */
class HadoopDataFoldersTest {

    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;

    @TempDir
    static Path hdfsBase;

    @TempDir
    Path folder;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration configuration = new Configuration();
        configuration.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, hdfsBase.toString());
        cluster = new MiniDFSCluster.Builder(configuration).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
    }

    @AfterAll
    static void stopHdfs() {
        System.clearProperty(HadoopCopies.CACHE_PROPERTY);
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @BeforeEach
    void ownCache() {
        System.setProperty(HadoopCopies.CACHE_PROPERTY, folder.resolve("cache").toString());
    }

    @Test
    void aFolderIsCopiedOnceAsItIsAndAgainWhenItChanges() throws IOException {
        write("/data/images/a.txt", "alpha");
        write("/data/labels.csv", "1,2,3\n");
        String location = hdfs.getUri() + "/data";

        Path copy = DataFolders.local(location);

        assertThat(copy).startsWith(folder.resolve("cache"));
        assertThat(copy.resolve("images/a.txt")).hasContent("alpha");
        assertThat(copy.resolve("labels.csv")).hasContent("1,2,3\n");
        assertThat(files(copy)).as("no Hadoop checksum files").containsExactlyInAnyOrder("images/a.txt", "labels.csv");
        assertThat(DataFolders.local(location)).as("unchanged: the same copy").isEqualTo(copy);
        assertThat(Files.list(folder.resolve("cache")).toList()).as("one copy, no partial one left").hasSize(1);

        write("/data/labels.csv", "4,5,6,7\n");
        Path changed = DataFolders.local(location);

        assertThat(changed).isNotEqualTo(copy);
        assertThat(changed.resolve("labels.csv")).hasContent("4,5,6,7\n");
    }

    @Test
    void aMissingFolderOrAFileIsOneSentenceNamingTheField() throws IOException {
        write("/plain.txt", "x");
        String absent = hdfs.getUri() + "/absent";

        assertThatThrownBy(() -> DataFolders.local(absent)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("dataDir " + absent + " could not be read: File does not exist")
                .satisfies(error -> assertThat(((UserInputException) error).field()).contains("dataDir"));
        assertThatThrownBy(() -> DataFolders.local(hdfs.getUri() + "/plain.txt")).isInstanceOf(UserInputException.class)
                .hasMessageEndingWith("could not be read: " + hdfs.getUri() + "/plain.txt is a file, not a folder");
    }

    @Test
    void aSchemeNoFileSystemReadsIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> DataFolders.local("nosuchfs://host/data")).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("dataDir nosuchfs://host/data: nothing here reads nosuchfs URIs");
    }

    @Test
    void sparkTasksReadTheFolderWhereTheyRun() throws IOException {
        write("/scaled/scale.txt", "0.5\n");
        MacroSpace space = new MacroSpace();
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        SparkTrialExecutor.Settings settings = new SparkTrialExecutor.Settings("local[2]", 2, space, url,
                TrialRecipe.of(ScaleFileFactory.class, hdfs.getUri() + "/scaled"), SparkTrialExecutor.settings(
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1"));
        try (JdbcTrialStore store = JdbcTrialStore.open(url);
             SparkTrialExecutor executor = new SparkTrialExecutor(settings)) {
            store.acquireSearch();
            Search.builder(space)
                    .strategy(new RandomMacro(space, 3))
                    .estimator(trial -> {
                        throw new AssertionError("the driver never evaluates");
                    })
                    .objective(Objective.maximize("accuracy"))
                    .budget(Budget.trials(4))
                    .executor(executor)
                    .store(store)
                    .build().run();

            List<TrialRecord> trials = store.trials();
            assertThat(trials).hasSize(4).allSatisfy(trial -> {
                assertThat(trial.state()).as(trial.reason()).isEqualTo(TrialState.COMPLETE);
                MacroGenome genome = space.parse(trial.genome());
                assertThat(trial.metrics().get("accuracy")).isEqualTo(0.5 * SlowSumFactory.accuracy(genome.choices()));
            });
        }
    }

    private static void write(String path, String text) throws IOException {
        try (FSDataOutputStream out = hdfs.create(new org.apache.hadoop.fs.Path(path), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).toList();
        }
    }
}
