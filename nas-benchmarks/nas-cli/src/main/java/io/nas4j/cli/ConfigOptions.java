package io.nas4j.cli;

import io.nas4j.cli.config.ConfigFiles;
import io.nas4j.cli.config.SettingAssignments;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code --config FILE} and {@code --set KEY=VALUE} (repeatable), a mixin of {@code search} and {@code bench}:
 * settings from a file, which the other flags override, and strategy settings over the file's. Each command
 * words the help of {@code --set} in its resource bundle.
 */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "a JSON or YAML file with these settings")
    private Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", descriptionKey = "set", description = "a strategy setting, repeatable")
    private List<String> assignments;

    /**
     * The file's settings, its relative paths taken relative to the file's folder; {@code none} without a file.
     *
     * @param relativeTo the settings with their paths resolved against a folder
     */
    <T> T read(Class<T> type, T none, BiFunction<T, Path, T> relativeTo) {
        return file == null ? none : relativeTo.apply(ConfigFiles.read(file, type), file.toAbsolutePath().getParent());
    }

    /** The {@code --set} assignments in order, a later one for the same key winning; values stay text. */
    Map<String, String> assignments() {
        return SettingAssignments.parse(assignments);
    }
}
