package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmark tables are. Users may point at the folder holding the files or at its parent (the
 * shared data folder, whose {@code nas-benchmarks/} subfolder holds them); both are accepted.
 */
public final class DataDirectory {

    /** The subfolder of a shared data folder that holds the tabular benchmarks. */
    public static final String SUBFOLDER = "nas-benchmarks";

    private DataDirectory() {
    }

    /**
     * The folder holding the tables: {@code given}'s {@code nas-benchmarks/} subfolder when it has one,
     * otherwise {@code given} itself.
     *
     * @throws UserInputException when {@code given} is not an existing folder
     */
    public static Path locate(Path given) {
        if (!Files.isDirectory(given)) {
            throw new UserInputException("data directory " + given + " does not exist or is not a folder");
        }
        Path subfolder = given.resolve(SUBFOLDER);
        return Files.isDirectory(subfolder) ? subfolder : given;
    }

    /**
     * The file {@code name} in the folder {@code given} designates (see {@link #locate}).
     *
     * @throws UserInputException when the folder or the file is missing
     */
    public static Path file(Path given, String name) {
        Path directory = locate(given);
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(name + " is missing from " + directory);
        }
        return file;
    }
}
