package io.nas4j.cli;

import picocli.CommandLine.Option;

/**
 * {@code --data-dir DIR} and {@code --out DIR}, a mixin of {@code search} and {@code bench}: where a command
 * reads its data and writes its results. Each command words their help, and its default output folder, in its
 * resource bundle; {@link Inputs} checks the folders once the config file's values are merged in.
 */
final class FolderOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", descriptionKey = "data-dir",
            description = "the folder holding the data files, or its parent")
    private String dataDir;

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "out", description = "output folder")
    private String out;

    /** The flag as a local path (a {@code file:} URI becomes the path it names), null when not given. */
    String dataDir() {
        return DataLocations.localPath(dataDir);
    }

    /** The flag, null when not given. */
    String out() {
        return out;
    }
}
