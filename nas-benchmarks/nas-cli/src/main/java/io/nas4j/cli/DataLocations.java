package io.nas4j.cli;

import io.nas4j.core.port.DataFolders;

/**
 * Reads {@code --data-dir} as a location: a plain path, a {@code file:} URI (what Hadoop and Spark users
 * write), which becomes the path it names, or a URI of another file system ({@code hdfs:}, {@code s3a:}),
 * kept as it is: the search, its worker processes and its Spark executors each read it where they run,
 * through {@link DataFolders} (which copies such a folder to the machine once).
 */
final class DataLocations {

    private DataLocations() {
    }

    /**
     * What the search stores as its data location: the local path {@code location} names, the remote URI
     * itself, or null for null.
     *
     * @throws io.nas4j.core.UserInputException naming {@code --data-dir} for a malformed URI
     */
    static String localPath(String location) {
        if (location == null || DataFolders.remote(location)) {
            return location;
        }
        return DataFolders.local(location).toString();
    }

    /** The location made absolute when it is a path; a remote URI as it is. */
    static String absolute(String location) {
        if (location == null || DataFolders.remote(location)) {
            return location;
        }
        return java.nio.file.Path.of(location).toAbsolutePath().normalize().toString();
    }
}
