package io.nas4j.cli;

import io.nas4j.core.UserInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads {@code --data-dir} as a location: a plain path, or a {@code file:} URI (what Hadoop and Spark users
 * write), which becomes the path it names. Data is read with the JDK's file API in the search's JVM, its
 * worker processes and Spark executors alike, so a cluster's executors need the folder at the same path (a
 * shared mount); other file systems' URIs ({@code hdfs:}, {@code s3a:}) are refused with that advice.
 */
final class DataLocations {

    // a URI scheme of two letters or more: a Windows drive letter (C:\\data) is a path
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private DataLocations() {
    }

    /**
     * The local path {@code location} names, null for null.
     *
     * @throws UserInputException naming {@code --data-dir} for a URI that is not a {@code file:} one, or a malformed one
     */
    static String localPath(String location) {
        if (location == null || !SCHEME.matcher(location).matches()) {
            return location;
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new UserInputException("--data-dir " + location + " is not a valid URI: " + e.getReason());
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new UserInputException("--data-dir " + location + ": the scheme " + uri.getScheme() + " is not read; "
                    + "give a local folder or a file: URI, and on a cluster a folder every executor sees at the same path "
                    + "(a shared mount, or a copy made with hdfs dfs -get or aws s3 sync)");
        }
        try {
            return Path.of(uri.getAuthority() == null ? uri : new URI("file", null, uri.getPath(), null)).toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            throw new UserInputException("--data-dir " + location + " does not name a local folder: " + e.getMessage());
        }
    }
}
