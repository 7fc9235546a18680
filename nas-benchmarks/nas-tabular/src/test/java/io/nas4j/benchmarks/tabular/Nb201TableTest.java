package io.nas4j.benchmarks.tabular;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.core.UserInputException;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class Nb201TableTest {

    private static final String ALL_SKIP =
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

    @Test
    void holdsEveryCellOfTheSpaceOnce() {
        Nb201Table table = TestData.nb201();
        CellSpace space = new CellSpace();

        assertThat(table.size()).isEqualTo(15_625);
        for (int index = 0; index < 15_625; index += 97) {
            assertThat(table.get(space.at(BigInteger.valueOf(index))).cell())
                    .isEqualTo(space.format(space.at(BigInteger.valueOf(index))));
        }
    }

    @Test
    void twoHundredEpochTestOptimaAreThePublishedOnes() {
        Nb201Table table = TestData.nb201();

        assertThat(best200(table, Nb201Dataset.CIFAR10)).isCloseTo(94.37, within(0.005));
        assertThat(best200(table, Nb201Dataset.CIFAR100)).isCloseTo(73.51, within(0.005));
        assertThat(best200(table, Nb201Dataset.IMAGENET16)).isCloseTo(47.31, within(0.005));
    }

    @Test
    void theAllSkipCellScores54Point30OnCifar10After200Epochs() {
        CellSpace space = new CellSpace();

        double accuracy = TestData.nb201().get(space.parse(ALL_SKIP)).on(Nb201Dataset.CIFAR10).test200();

        assertThat(accuracy).isCloseTo(54.30, within(0.005));
    }

    @Test
    void twelveEpochCifar10TestMaximumIs89Point16() {
        double best = TestData.nb201().entries().stream()
                .mapToDouble(entry -> entry.on(Nb201Dataset.CIFAR10).test12()).max().orElseThrow();

        assertThat(best).isCloseTo(89.16, within(0.005));
    }

    @Test
    void acceptsTheParentDataFolder() {
        assertThat(Nb201Table.load(TestData.sharedDirectory()).size()).isEqualTo(15_625);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path empty) {
        assertThatThrownBy(() -> Nb201Table.load(empty))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nb201-12epoch.csv is missing from " + empty);
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path parent) {
        Path absent = parent.resolve("absent");

        assertThatThrownBy(() -> Nb201Table.load(absent))
                .isInstanceOf(UserInputException.class)
                .hasMessage("data directory " + absent + " does not exist or is not a folder");
    }

    @Test
    void aRowWithTooFewFieldsIsReportedWithItsLine(@TempDir Path folder) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(TestData.directory().resolve(Nb201Table.TWELVE_EPOCH_FILE)));
        lines.set(3, lines.get(3).substring(0, lines.get(3).lastIndexOf(',')));
        Files.write(folder.resolve(Nb201Table.TWELVE_EPOCH_FILE), lines);
        Files.copy(TestData.directory().resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE),
                folder.resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE));

        assertThatThrownBy(() -> Nb201Table.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nb201-12epoch.csv line 4 has 7 fields where the header has 8");
    }

    @Test
    void aNonNumericAccuracyIsReportedWithItsLineAndColumn(@TempDir Path folder) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(TestData.directory().resolve(Nb201Table.TWELVE_EPOCH_FILE)));
        lines.set(2, lines.get(2).substring(0, lines.get(2).lastIndexOf(',')) + ",n/a");
        Files.write(folder.resolve(Nb201Table.TWELVE_EPOCH_FILE), lines);
        Files.copy(TestData.directory().resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE),
                folder.resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE));

        assertThatThrownBy(() -> Nb201Table.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nb201-12epoch.csv line 3 column imagenet-val holds 'n/a' where a finite number is expected");
    }

    @Test
    void tablesOutOfStepAreRefused(@TempDir Path folder) throws IOException {
        Files.copy(TestData.directory().resolve(Nb201Table.TWELVE_EPOCH_FILE), folder.resolve(Nb201Table.TWELVE_EPOCH_FILE));
        List<String> lines = new ArrayList<>(Files.readAllLines(TestData.directory().resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE)));
        String second = lines.get(2);
        lines.set(2, lines.get(1));
        lines.set(1, second);
        Files.write(folder.resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE), lines);

        assertThatThrownBy(() -> Nb201Table.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("nb201-200epoch.csv line 2 holds cell ")
                .hasMessageEndingWith("the two tables must list the cells in the same order");
    }

    @Test
    void aTruncatedTableIsRefused(@TempDir Path folder) throws IOException {
        List<String> lines = Files.readAllLines(TestData.directory().resolve(Nb201Table.TWELVE_EPOCH_FILE));
        Files.write(folder.resolve(Nb201Table.TWELVE_EPOCH_FILE), lines.subList(0, 101));
        Files.copy(TestData.directory().resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE),
                folder.resolve(Nb201Table.TWO_HUNDRED_EPOCH_FILE));

        assertThatThrownBy(() -> Nb201Table.load(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage("nb201-12epoch.csv has 100 rows; NAS-Bench-201 has 15625 cells");
    }

    private static double best200(Nb201Table table, Nb201Dataset dataset) {
        return table.entries().stream().mapToDouble(entry -> entry.on(dataset).test200()).max().orElseThrow();
    }
}
