package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.benchmarks.tabular.DataDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Checks of command-line and configuration values, each failing with one sentence naming the flag. */
final class Inputs {

    /** System property that names the data folder when neither a flag nor a config file does. */
    static final String DATA_DIR_PROPERTY = "nas4j.data.dir";
    /** Environment variable that names the data folder when neither a flag, a config file nor the property does. */
    static final String DATA_DIR_VARIABLE = "NAS4J_DATA_DIR";

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
            throw new UserInputException(flag + " " + value + " is unknown; allowed: " + String.join(", ", allowed));
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

    /** The output folder: the given one or the default; it may exist, but not as a file. */
    static Path outputDirectory(String given, String fallback) {
        Path path = Path.of(given != null ? given : fallback);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new UserInputException("--out " + path + " exists and is not a folder");
        }
        return path;
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
            throw new UserInputException("--data-dir " + chosen + ": a tabular search reads its tables in this process "
                    + "from a local folder; copy them here first (hdfs dfs -get, aws s3 sync)");
        }
        Path path = Path.of(chosen);
        if (!Files.isDirectory(path)) {
            throw new UserInputException("--data-dir " + chosen + " does not exist or is not a folder");
        }
        return DataDirectory.locate(path);
    }
}
