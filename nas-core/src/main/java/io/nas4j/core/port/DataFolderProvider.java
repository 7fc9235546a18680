package io.nas4j.core.port;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Reads data folders that live on another file system ({@code hdfs:}, {@code s3a:}, ...) by copying them to
 * this machine, for {@link DataFolders}. A module that knows such file systems registers an implementation in
 * {@code META-INF/services/io.nas4j.core.port.DataFolderProvider}; the Spark executor's module does, through
 * Hadoop's {@code FileSystem}, so a cluster's executors need no shared POSIX disk.
 *
 * <p>Contract: {@link #reads} is cheap and never throws (a provider whose libraries are missing from the class
 * path reads nothing); {@link #localCopy} may be called from several threads at once and returns a folder that
 * stays complete for the life of the JVM (a copy made once and kept, not one another call may be writing).
 */
public interface DataFolderProvider {

    /** Whether this provider reads {@code location}, an absolute URI whose scheme is not {@code file}. */
    boolean reads(URI location);

    /**
     * A local folder holding what the folder at {@code location} holds, copied when it changed since the last
     * copy this machine kept.
     *
     * @throws IOException when the folder cannot be read (absent, not a folder, refused) or copied
     */
    Path localCopy(URI location) throws IOException;
}
