package io.nas4j.core.port;

import io.nas4j.core.UserInputException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Turns a data location ({@code dataDir}) into a local folder. A plain path is taken as it is, a {@code file:}
 * URI becomes the path it names, and any other URI ({@code hdfs://namenode/data}, {@code s3a://bucket/data})
 * is copied to this machine by the first {@link DataFolderProvider} on the class path that reads it (the
 * thread's context class loader first, then this class's). So a search, its worker processes and its Spark
 * executors each read the same location, wherever they run.
 *
 * <p>A location nothing reads, or a copy that fails, is a user's error naming the field {@code dataDir}.
 */
public final class DataFolders {

    // a URI scheme of two letters or more: a Windows drive letter (C:\data) is a path
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private DataFolders() {
    }

    /** Whether {@code location} is a URI of another file system than this machine's (not a path, not {@code file:}). */
    public static boolean remote(String location) {
        return location != null && SCHEME.matcher(location).matches() && !"file".equalsIgnoreCase(uri(location).getScheme());
    }

    /**
     * The local folder {@code location} names or is copied to; null for null. Whether the folder exists is the
     * caller's to check (a data set names what it misses better).
     *
     * @throws UserInputException naming {@code dataDir} when the location is a malformed URI, no provider reads
     *                            its scheme, or the copy fails
     */
    public static Path local(String location) {
        if (location == null || !SCHEME.matcher(location).matches()) {
            return location == null ? null : Path.of(location);
        }
        URI uri = uri(location);
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            try {
                return Path.of(uri.getAuthority() == null ? uri : new URI("file", null, uri.getPath(), null));
            } catch (IllegalArgumentException | URISyntaxException e) {
                throw UserInputException.of("dataDir", "{dataDir} {} does not name a local folder: {}", location,
                        e.getMessage());
            }
        }
        for (DataFolderProvider provider : providers()) {
            if (provider.reads(uri)) {
                try {
                    return provider.localCopy(uri);
                } catch (IOException e) {
                    throw UserInputException.of("dataDir", "{dataDir} {} could not be read: {}", location,
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).causedBy(e);
                }
            }
        }
        throw UserInputException.of("dataDir", "{dataDir} {}: nothing here reads {} URIs; they are read through "
                + "Hadoop's FileSystem, which comes with Spark (--executor spark, or spark-submit), with that file "
                + "system's module (hadoop-aws for s3a:) on the class path; otherwise give a local folder or a file: URI",
                location, uri.getScheme());
    }

    private static URI uri(String location) {
        try {
            return new URI(location);
        } catch (URISyntaxException e) {
            throw UserInputException.of("dataDir", "{dataDir} {} is not a valid URI: {}", location, e.getReason());
        }
    }

    private static List<DataFolderProvider> providers() {
        List<DataFolderProvider> found = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            load(ServiceLoader.load(DataFolderProvider.class, context), found);
        }
        load(ServiceLoader.load(DataFolderProvider.class, DataFolders.class.getClassLoader()), found);
        return found;
    }

    private static void load(ServiceLoader<DataFolderProvider> loader, List<DataFolderProvider> found) {
        try {
            for (DataFolderProvider provider : loader) {
                if (found.stream().noneMatch(known -> known.getClass().equals(provider.getClass()))) {
                    found.add(provider);
                }
            }
        } catch (ServiceConfigurationError e) {
            // a provider whose own libraries are missing: it reads nothing here
        }
    }
}
