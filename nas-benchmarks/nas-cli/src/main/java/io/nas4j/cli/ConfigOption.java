package io.nas4j.cli;

import io.nas4j.cli.config.ConfigFiles;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.BiFunction;

/** {@code --config FILE}, a mixin of {@code search} and {@code bench}: settings from a file, which flags override. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE", description = "a JSON or YAML file with these settings")
    private Path file;

    /**
     * The file's settings, its relative paths taken relative to the file's folder; {@code none} without a file.
     *
     * @param relativeTo the settings with their paths resolved against a folder
     */
    <T> T read(Class<T> type, T none, BiFunction<T, Path, T> relativeTo) {
        return file == null ? none : relativeTo.apply(ConfigFiles.read(file, type), file.toAbsolutePath().getParent());
    }
}
