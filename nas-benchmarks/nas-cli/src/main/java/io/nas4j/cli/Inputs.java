package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.benchmarks.tabular.DataDirectory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;

/** Checks of command-line and configuration values, each failing with one sentence naming the flag. */
final class Inputs {

    /** System property that names the data folder when neither a flag nor a config file does. */
    static final String DATA_DIR_PROPERTY = "nas4j.data.dir";
    /** Environment variable that names the data folder when neither a flag, a config file nor the property does. */
    static final String DATA_DIR_VARIABLE = "NAS4J_DATA_DIR";

    /** The longest name of one file or folder most file systems (ext4, XFS, APFS, NTFS) allow, in bytes. */
    private static final int MAX_NAME_BYTES = 255;
    /** The longest path Linux system calls take ({@code PATH_MAX} less its terminating NUL), in bytes. */
    private static final int MAX_PATH_BYTES = 4095;

    private Inputs() {
    }

    static <T> T required(T value, String flag, String what) {
        if (value == null) {
            throw new UserInputException(flag + " is required: " + what);
        }
        return value;
    }

    static String oneOf(String value, String flag, Collection<String> allowed) {
        if (!allowed.contains(value)) {
            throw new UserInputException(flag + " " + UserInputException.printable(String.valueOf(value))
                    + " is unknown; allowed: " + String.join(", ", allowed));
        }
        return value;
    }

    static int atLeastOne(Integer value, String flag) {
        required(value, flag, "a whole number of at least 1");
        if (value < 1) {
            throw new UserInputException(flag + " must be at least 1, got " + value);
        }
        return value;
    }

    /**
     * The output folder: the given one or the default. It may exist, but not as a file; where it does not, it
     * must be possible to create it, which is checked now, before anything runs, without creating it.
     */
    static Path outputDirectory(String given, String fallback) {
        named(given, "--out");
        Path path = path(given != null ? given : fallback, "--out");
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new UserInputException("--out " + printable(path) + " exists and is not a folder");
        }
        requireCreatable(path);
        return path;
    }

    /**
     * Refuses a folder that the operating system would refuse to create or write into: a name longer than a
     * file system allows, a file where a folder of its path belongs, a nearest existing folder that is not
     * writable (its permissions, or a read-only file system).
     */
    private static void requireCreatable(Path folder) {
        Path absolute = folder.toAbsolutePath();
        if (absolute.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new UserInputException("--out " + printable(folder) + " cannot be created: the path is longer than "
                    + MAX_PATH_BYTES + " bytes");
        }
        for (Path name : absolute) {
            if (name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new UserInputException("--out " + printable(folder) + " cannot be created: a name in it is longer"
                        + " than the " + MAX_NAME_BYTES + " bytes a file system allows");
            }
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new UserInputException("--out " + printable(folder) + " cannot be created: " + printable(existing)
                    + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new UserInputException("--out " + printable(folder) + (existing.equals(absolute) ? " is not writable"
                    : " cannot be created: the folder " + printable(existing) + " is not writable"));
        }
    }

    /**
     * Refuses a folder flag given as an empty or blank name, which would otherwise mean the current directory
     * (or a folder whose name is spaces) without the user having said so.
     */
    static <T> T named(T folder, String flag) {
        if (folder != null && folder.toString().isBlank()) {
            throw new UserInputException(flag + " must name a folder, got an empty name; give . for the current folder");
        }
        return folder;
    }

    /** The data folder: the given one, else the system property, else the environment variable. */
    static Path dataDirectory(String given) {
        String chosen = given;
        if (chosen == null) {
            chosen = System.getProperty(DATA_DIR_PROPERTY);
        }
        if (chosen == null) {
            chosen = System.getenv(DATA_DIR_VARIABLE);
        }
        required(chosen, "--data-dir", "the folder holding the benchmark files (or set " + DATA_DIR_VARIABLE + ")");
        if (io.nas4j.core.port.DataFolders.remote(chosen)) {
            throw new UserInputException("--data-dir " + printable(chosen) + ": a tabular search reads its tables in "
                    + "this process from a local folder; copy them here first (hdfs dfs -get, aws s3 sync)");
        }
        Path path = path(chosen, "--data-dir");
        if (!Files.isDirectory(path)) {
            throw new UserInputException("--data-dir " + printable(chosen) + " does not exist or is not a folder");
        }
        return DataDirectory.locate(path);
    }

    /** {@code text} as a path; a text no path can be (a NUL character) is the user's mistake. */
    private static Path path(String text, String flag) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UserInputException(flag + " " + printable(text) + " is not a valid path: " + e.getReason(), e);
        }
    }

    private static String printable(Object value) {
        return UserInputException.printable(String.valueOf(value));
    }
}
