package io.nas4j.cli.config;

import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {

    @TempDir
    Path folder;

    @Test
    void readsYaml() throws IOException {
        Path file = write("bench.yaml", """
                suite: nb201
                strategies: [random, grid]
                runs: 5
                budget: 100
                seed: 3
                settings:
                  random:
                    unique: false
                """);

        BenchConfig config = ConfigFiles.read(file, BenchConfig.class);

        assertThat(config.suite()).isEqualTo("nb201");
        assertThat(config.strategyNames()).containsExactly("random", "grid");
        assertThat(config.runs()).isEqualTo(5);
        assertThat(config.seed()).isEqualTo(3L);
        assertThat(config.settings()).isEqualTo(Map.of("random", Map.of("unique", false)));
        assertThat(config.dataset()).isNull();
    }

    @Test
    void readsJsonAndSplitsCommaSeparatedStrategies() throws IOException {
        Path file = write("bench.json", "{\"suite\": \"macro\", \"strategies\": \"random,grid\", \"budget\": 20}");

        BenchConfig config = ConfigFiles.read(file, BenchConfig.class);

        assertThat(config.strategyNames()).containsExactly("random", "grid");
        assertThat(config.budget()).isEqualTo(20);
    }

    @Test
    void aByteOrderMarkBeforeJsonIsAccepted() throws IOException {
        Path file = write("bench.json", "\uFEFF{\"suite\": \"macro\", \"budget\": 20}");

        assertThat(ConfigFiles.read(file, BenchConfig.class).budget()).isEqualTo(20);
    }

    @Test
    void aByteOrderMarkBeforeYamlIsAccepted() throws IOException {
        Path file = write("bench.yaml", "\uFEFFsuite: macro\nbudget: 20\n");

        assertThat(ConfigFiles.read(file, BenchConfig.class).suite()).isEqualTo("macro");
    }

    @Test
    void anUnknownFieldIsNamedWithTheAllowedOnes() throws IOException {
        Path file = write("bench.yaml", "suite: nb201\nbudgte: 10\n");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config " + file + ": unknown field budgte; allowed: budget, budgetEpochs, dataDir, dataset, out,"
                        + " runs, seed, settings, strategies, suite");
    }

    @Test
    void aFloatWhereAWholeNumberBelongsIsRefused() throws IOException {
        Path file = write("bench.json", "{\"runs\": 2.5}");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("config " + file + ": field runs must be a whole number");
    }

    @Test
    void textWhereANumberBelongsIsRefused() throws IOException {
        Path file = write("bench.yaml", "budget: \"10\"\n");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("config " + file + ": field budget must be a whole number");
    }

    @Test
    void aDuplicateKeyIsRefused() throws IOException {
        Path file = write("bench.json", "{\"runs\": 2, \"runs\": 3}");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("config " + file + " is not valid JSON: Duplicate field 'runs'");
    }

    @Test
    void anAnchorBombIsRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("settings:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 10; level++) {
            yaml.append("  a").append(level).append(": &a").append(level).append(" [");
            for (int copy = 0; copy < 9; copy++) {
                yaml.append(copy == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }
        Path file = write("bomb.yaml", yaml.toString());

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("config " + file + " is not valid YAML: Number of aliases");
    }

    @Test
    void anAliasIsRefusedRatherThanMisread() throws IOException {
        Path file = write("alias.yaml", "suite: &name nb201\ndataset: *name\n");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config " + file + " uses a YAML alias (*name at line 2); aliases are not supported in configuration files");
    }

    @Test
    void aCommentOnlyFileIsEmpty() throws IOException {
        Path file = write("comments.yml", "# nothing yet\n");

        assertThatThrownBy(() -> ConfigFiles.read(file, SearchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config " + file + " is empty");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = write("empty.yaml", "");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config " + file + " is empty");
    }

    @Test
    void anUnknownExtensionIsRefused() throws IOException {
        Path file = write("bench.toml", "suite = 'nb201'");

        assertThatThrownBy(() -> ConfigFiles.read(file, BenchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config file " + file + " has an unknown format; allowed extensions: .json, .yaml, .yml");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = folder.resolve("absent.yaml");

        assertThatThrownBy(() -> ConfigFiles.read(file, SearchConfig.class))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config file " + file + " does not exist");
    }

    @Test
    void flagsOverrideTheFileAndSettingsMerge() {
        BenchConfig file = new BenchConfig("nb201", List.of("random"), 5, 100, null, null, "data", null, 1L,
                Map.of("random", Map.of("unique", false, "max-retries", 5)));
        BenchConfig flags = new BenchConfig(null, null, 7, null, 1800, "cifar100", null, null, null,
                Map.of("random", Map.of("max-retries", "9")));

        BenchConfig merged = file.overriddenBy(flags);

        assertThat(merged).isEqualTo(new BenchConfig("nb201", List.of("random"), 7, 100, 1800, "cifar100", "data", null, 1L,
                Map.of("random", Map.of("unique", false, "max-retries", "9"))));
    }

    @Test
    void relativePathsInAFileAreTakenFromItsFolder() {
        BenchConfig config = new BenchConfig(null, null, null, null, null, null, "data", "/abs/out", null, null);

        BenchConfig resolved = config.relativeTo(Path.of("/configs"));

        assertThat(resolved.dataDir()).isEqualTo(Path.of("/configs/data").toString());
        assertThat(resolved.out()).isEqualTo("/abs/out");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }

    @Test
    void theVolumetricExampleReadsAndPointsAtTheSharedData() {
        Path example = Path.of(System.getProperty("nas4j.repository")).resolve("examples").resolve("volumetric.yaml");
        SearchConfig config = ConfigFiles.read(example, SearchConfig.class).relativeTo(example.getParent());

        assertThat(config.task()).isEqualTo("volumetric");
        assertThat(config.dataset()).isEqualTo("mricron-atlas");
        assertThat(Path.of(config.dataDir()).normalize()).isEqualTo(example.getParent().getParent().getParent()
                .resolve("shared").resolve("data"));
    }
}
