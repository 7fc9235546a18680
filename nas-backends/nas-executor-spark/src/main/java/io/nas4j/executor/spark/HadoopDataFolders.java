package io.nas4j.executor.spark;

import io.nas4j.core.port.DataFolderProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Data folders on any file system Hadoop's {@code FileSystem} reads ({@code hdfs:}, {@code s3a:} with
 * {@code hadoop-aws}, {@code abfs:}, ...), copied to this machine: what lets a search and its Spark executors
 * read {@code --data-dir hdfs://...} with no shared POSIX disk. Hadoop comes with Spark; in a JVM without it
 * (the command line run without Spark) this provider reads nothing, and no Hadoop type is loaded.
 *
 * <p>Settings: Hadoop's own configuration files, then every {@code spark.hadoop.*} setting (the prefix
 * dropped), from the running Spark's configuration or, before Spark starts, from system properties, as
 * Spark itself gives them to Hadoop. The copy lives under {@value HadoopCopies#CACHE_PROPERTY} (default
 * {@code java.io.tmpdir/nas4j-data}), one folder per location and content; see {@link HadoopCopies}.
 */
public final class HadoopDataFolders implements DataFolderProvider {

    @Override
    public boolean reads(URI location) {
        return loadable("org.apache.hadoop.fs.FileSystem") && HadoopCopies.knowsScheme(location);
    }

    @Override
    public Path localCopy(URI location) throws IOException {
        return HadoopCopies.localCopy(location);
    }

    /** Whether {@code className} loads here, without initialising it. */
    static boolean loadable(String className) {
        try {
            Class.forName(className, false, HadoopDataFolders.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
