package io.nas4j.cli;

import io.nas4j.cli.config.SettingAssignments;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/**
 * {@code --set KEY=VALUE}, repeatable, a mixin of {@code search} and {@code bench}: strategy settings over a
 * config file's. Each command words its help in its resource bundle.
 */
final class SettingsOption {

    @Option(names = "--set", paramLabel = "KEY=VALUE", descriptionKey = "set", description = "a strategy setting, repeatable")
    private List<String> assignments;

    /** The assignments in order, a later one for the same key winning; values stay text. */
    Map<String, String> values() {
        return SettingAssignments.parse(assignments);
    }
}
