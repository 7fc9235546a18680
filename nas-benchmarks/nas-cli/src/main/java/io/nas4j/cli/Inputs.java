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
        named(given, "--out");
        Path path = Path.of(given != null ? given : fallback);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new UserInputException("--out " + path + " exists and is not a folder");
        }
        return path;
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
        Path path = Path.of(chosen);
        if (!Files.isDirectory(path)) {
            throw new UserInputException("--data-dir " + chosen + " does not exist or is not a folder");
        }
        return DataDirectory.locate(path);
    }
}
