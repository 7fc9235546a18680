package io.nas4j.executor.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Hadoop side of {@link HadoopDataFolders}: copies of remote folders, one per location and content.
 *
 * <p>A copy's folder is named by a SHA-256 of the location and of every file's relative path, length and
 * modification time, so a folder that changed on the remote file system is copied again while an unchanged
 * one is copied once per machine, however many JVMs (executors, worker processes) read it. A copy is written
 * under a temporary name and renamed into place when complete, so a reader never sees half of one; two JVMs
 * that copy at once both finish, and the second rename finds the first's copy and keeps it. Files are read
 * as streams and written with the JDK, so no Hadoop checksum files appear beside them.
 */
final class HadoopCopies {

    /** System property: the folder that holds the copies. */
    static final String CACHE_PROPERTY = "nas4j.data.cache";
    private static final String HADOOP_PREFIX = "spark.hadoop.";
    private static final Logger LOG = LoggerFactory.getLogger(HadoopCopies.class);
    // Hadoop without Spark (a host that brings its own Hadoop client): its system properties are all there is
    private static final boolean SPARK_PRESENT = HadoopDataFolders.loadable("org.apache.spark.SparkEnv");

    private HadoopCopies() {
    }

    static boolean knowsScheme(URI location) {
        try {
            FileSystem.getFileSystemClass(location.getScheme(), configuration());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The local copy of the folder at {@code location}, made now when there is none of its present content. */
    static synchronized Path localCopy(URI location) throws IOException {
        Configuration configuration = configuration();
        FileSystem fileSystem = FileSystem.get(location, configuration);
        org.apache.hadoop.fs.Path root = fileSystem.makeQualified(new org.apache.hadoop.fs.Path(location));
        FileStatus status = fileSystem.getFileStatus(root);
        if (!status.isDirectory()) {
            throw new IOException(location + " is a file, not a folder");
        }
        String rootPath = root.toUri().getPath().replaceAll("/+$", "");
        Map<String, LocatedFileStatus> files = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> listing = fileSystem.listFiles(root, true);
        while (listing.hasNext()) {
            LocatedFileStatus file = listing.next();
            String path = file.getPath().toUri().getPath();
            files.put(path.substring(rootPath.length() + 1), file);
        }
        Path cache = Files.createDirectories(cacheFolder());
        Path target = cache.resolve(fingerprint(root.toString(), files));
        if (Files.isDirectory(target)) {
            return target;
        }
        Path partial = Files.createTempDirectory(cache, target.getFileName() + ".part-");
        long bytes = 0;
        try {
            for (Map.Entry<String, LocatedFileStatus> file : files.entrySet()) {
                Path local = partial.resolve(file.getKey()).normalize();
                if (!local.startsWith(partial)) {
                    throw new IOException(location + " holds a file whose name leaves its folder: " + file.getKey());
                }
                Files.createDirectories(local.getParent());
                try (InputStream in = fileSystem.open(file.getValue().getPath())) {
                    bytes += Files.copy(in, local);
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(partial);  // another JVM finished the same copy first
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(partial);
            throw e;
        }
        LOG.info("copied {} ({} files, {} bytes) to {}", location, files.size(), bytes, target);
        return target;
    }

    private static Path cacheFolder() {
        String configured = System.getProperty(CACHE_PROPERTY);
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "nas4j-data");
    }

    private static String fingerprint(String root, Map<String, LocatedFileStatus> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(root.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, LocatedFileStatus> file : files.entrySet()) {
                digest.update(("\n" + file.getKey() + "\t" + file.getValue().getLen() + "\t"
                        + file.getValue().getModificationTime()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Hadoop's configuration with the {@code spark.hadoop.*} settings in force here, as Spark gives them to Hadoop. */
    static Configuration configuration() {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().forEach((key, value) -> settings.put(key.toString(), value.toString()));
        if (SPARK_PRESENT) {
            sparkSettings(settings);
        }
        Configuration configuration = new Configuration();
        settings.forEach((key, value) -> {
            if (key.startsWith(HADOOP_PREFIX)) {
                configuration.set(key.substring(HADOOP_PREFIX.length()), value);
            }
        });
        return configuration;
    }

    /** The running Spark's settings, which hold what {@code spark-submit --conf} gave the executors. */
    private static void sparkSettings(Map<String, String> settings) {
        SparkEnv spark = SparkEnv.get();
        if (spark != null) {
            for (Tuple2<String, String> setting : spark.conf().getAll()) {
                settings.put(setting._1(), setting._2());
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
