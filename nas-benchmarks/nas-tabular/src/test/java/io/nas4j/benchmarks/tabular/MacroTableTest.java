package io.nas4j.benchmarks.tabular;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MacroTableTest {

    @Test
    void holdsEveryArchitectureOfTheSpace() {
        assertThat(TestData.macro().size()).isEqualTo(6_561);
    }

    @Test
    void theBestMeanAccuracyIs93Point13At22212220() {
        MacroEntry best = TestData.macro().entries().stream()
                .max(Comparator.comparingDouble(MacroEntry::meanAccuracy)).orElseThrow();

        assertThat(best.key()).isEqualTo("22212220");
        assertThat(best.meanAccuracy()).isCloseTo(93.13, within(0.005));
        assertThat(best.testAccuracies()).hasSize(3);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path empty) {
        assertThatThrownBy(() -> MacroTable.load(empty))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nas-bench-macro-cifar10.json is missing from " + empty);
    }

    @Test
    void truncatedJsonIsReported(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(MacroTable.FILE), "{\"02012100\": {\"test_acc\": [89.4");

        assertThatThrownBy(() -> MacroTable.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("nas-bench-macro-cifar10.json is not valid JSON (")
                .hasMessageContaining("line 1");
    }

    @Test
    void anEntryWithoutMeanAccuracyIsNamed(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(MacroTable.FILE),
                "{\"02012100\": {\"test_acc\": [89.4], \"std\": 0.2, \"params\": 1, \"flops\": 2}}");

        assertThatThrownBy(() -> MacroTable.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nas-bench-macro-cifar10.json entry 02012100 has no mean_acc");
    }

    @Test
    void aNegativeParameterCountIsRefusedNamingTheEntry(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(MacroTable.FILE),
                "{\"02012100\": {\"test_acc\": [89.4], \"mean_acc\": 89.4, \"std\": 0.2, \"params\": -1, \"flops\": 2}}");

        assertThatThrownBy(() -> MacroTable.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nas-bench-macro-cifar10.json entry 02012100 field params holds -1 where a count of 0 or more"
                        + " is expected");
    }

    @Test
    void aNegativeOperationCountIsRefusedNamingTheEntry(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(MacroTable.FILE),
                "{\"02012100\": {\"test_acc\": [89.4], \"mean_acc\": 89.4, \"std\": 0.2, \"params\": 1, \"flops\": -2.5}}");

        assertThatThrownBy(() -> MacroTable.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nas-bench-macro-cifar10.json entry 02012100 field flops holds -2.5 where a count of 0 or more"
                        + " is expected");
    }

    @Test
    void aBadKeyIsNamed(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(MacroTable.FILE), "{\"0201\": {}}");

        assertThatThrownBy(() -> MacroTable.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("nas-bench-macro-cifar10.json has an entry 0201 that is no architecture key");
    }

    @Test
    void anIncompleteTableIsRefused(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(MacroTable.FILE),
                "{\"02012100\": {\"test_acc\": [89.4], \"mean_acc\": 89.4, \"std\": 0.2, \"params\": 1, \"flops\": 2}}");

        assertThatThrownBy(() -> MacroTable.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nas-bench-macro-cifar10.json has 1 architectures; NAS-Bench-Macro has 6561");
    }
}
