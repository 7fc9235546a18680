package io.nas4j.runner.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedComparisonTest {

    @TempDir
    Path folder;

    @Test
    void readsEachSeedsResultAndSummarisesThePairs() throws IOException {
        List<Path> seeds = List.of(result(0, 0.92, 0.90), result(1, 0.91, 0.915), result(2, 0.93, 0.90));

        PairedComparison comparison = PairedComparison.read(seeds);

        assertThat(comparison.metric()).isEqualTo("accuracy");
        assertThat(comparison.baseline()).isEqualTo("resnet8");
        assertThat(comparison.pairs()).extracting(PairedComparison.Pair::seed).containsExactly(0L, 1L, 2L);
        assertThat(comparison.searched().mean()).isEqualTo(0.92, within(1e-12));
        // sample standard deviation of 0.92, 0.91, 0.93: 0.01
        assertThat(comparison.searched().std()).isEqualTo(0.01, within(1e-12));
        assertThat(comparison.differences().mean()).isEqualTo((0.02 - 0.005 + 0.03) / 3, within(1e-12));
        assertThat(comparison.searchedWins()).isEqualTo(2);

        Path file = comparison.write(folder);
        String json = Files.readString(file);
        assertThat(file.getFileName().toString()).isEqualTo("comparison.json");
        assertThat(json).contains("\"searchedWins\" : 2", "\"seeds\" : 3", "\"metric\" : \"accuracy\"");
    }

    @Test
    void detectionResultsAreComparedByTheirMap() throws IOException {
        Path seed = folder.resolve("detection");
        Files.createDirectories(seed);
        Files.writeString(seed.resolve("result.json"), """
                {"best": {"test": {"map50": 0.4, "map": 0.2}},
                 "baseline": {"name": "single-stage", "test": {"map50": 0.5, "map": 0.25}},
                 "config": {"seed": 9}}""");

        PairedComparison comparison = PairedComparison.read(List.of(seed));

        assertThat(comparison.metric()).isEqualTo("map50");
        assertThat(comparison.pairs().get(0).difference()).isEqualTo(-0.1, within(1e-12));
        assertThat(comparison.searchedWins()).isZero();
        assertThat(comparison.searched().std()).isZero();
    }

    @Test
    void aResultWithoutABaselineCannotBeCompared() throws IOException {
        Path seed = folder.resolve("alone");
        Files.createDirectories(seed);
        Files.writeString(seed.resolve("result.json"), "{\"best\": {\"test\": {\"accuracy\": 0.9}}, \"config\": {}}");

        assertThatThrownBy(() -> PairedComparison.read(List.of(seed))).hasMessageContaining("no baseline to compare");
    }

    private Path result(long seed, double searched, double baseline) throws IOException {
        Path directory = folder.resolve("seed-" + seed);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("result.json"), """
                {"best": {"test": {"accuracy": %s}},
                 "baseline": {"name": "resnet8", "test": {"accuracy": %s}},
                 "config": {"seed": %d}}""".formatted(searched, baseline, seed));
        return directory;
    }
}
