package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.space.SearchSpace;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TabularSearchTest {

    /** Searches whose trials the command line recorded (in {@code recorded/}) before the search moved here. */
    static Stream<Arguments> searchesTheCommandLineRecorded() {
        return Stream.of(
                Arguments.of(Named.of("macro, local search, seed 3", new MacroSpace()), "cifar10", "local-search", 3,
                        "macro-local-search-seed-3.txt"),
                Arguments.of(Named.of("nb201 on cifar100, random, seed 4", new CellSpace()), "cifar100", "random", 4,
                        "nb201-cifar100-random-seed-4.txt"),
                Arguments.of(Named.of("nb201 on cifar10, regularized evolution, seed 7", new CellSpace()), "cifar10",
                        "regularized-evolution", 7, "nb201-cifar10-regularized-evolution-seed-7.txt"));
    }

    @ParameterizedTest
    @MethodSource("searchesTheCommandLineRecorded")
    void theSameSeedGivesTheTrialsTheCommandLineGaveBitForBit(SearchSpace<?> space, String dataset, String strategy,
                                                              long seed, String recording) throws IOException {
        SearchResult<?> result = TabularSearch.builder(space, TestData.directory()).dataset(dataset)
                .strategy(strategy).seed(seed).plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(25)))
                .build().run();

        assertThat(trials(result)).isEqualTo(recorded(recording));
    }

    @Test
    void parallelTrialsGiveTheSameTrialsOnEveryRun() {
        TabularSearch<CellGenome> search = TabularSearch.builder(new CellSpace(), TestData.directory())
                .strategy("regularized-evolution", Map.of("population", 8, "sample", 3)).seed(11)
                .plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(40))).build();

        assertThat(trials(parallel(search))).isEqualTo(trials(parallel(search)));
    }

    @Test
    void aSearchRunAgainOnItsStoreContinuesWhereItStopped() {
        SearchResult<CellGenome> uninterrupted = evolution(25, new InMemoryTrialStore()).run();
        InMemoryTrialStore store = new InMemoryTrialStore();
        evolution(10, store).run();

        SearchResult<CellGenome> resumed = evolution(25, store).run();

        assertThat(trials(resumed)).isEqualTo(trials(uninterrupted));
    }

    @Test
    void theBestIsTheTrialWithTheHighestAccuracy() {
        SearchResult<?> result = TabularSearch.builder(new MacroSpace(), TestData.directory())
                .strategy("random").seed(5).plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(30))).build().run();

        double highest = result.trials().stream().mapToDouble(trial -> trial.metrics().get("accuracy")).max().orElseThrow();
        assertThat(result.best().orElseThrow().trial().metrics()).containsEntry("accuracy", highest);
    }

    @Test
    void listenersHearEveryTrial() {
        AtomicInteger finished = new AtomicInteger();
        SearchListener counter = new SearchListener() {
            @Override
            public void trialFinished(TrialRecord trial, TrialRecord incumbent) {
                finished.incrementAndGet();
            }
        };

        TabularSearch.builder(new MacroSpace(), TestData.directory())
                .plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(12)).withListener(counter)).build().run();

        assertThat(finished).hasValue(12);
    }

    @Test
    void aDatasetTheTableDoesNotCoverIsAUserError() {
        Path tables = TestData.directory();
        assertThatThrownBy(() -> TabularSearch.builder(new CellSpace(), tables).dataset("mnist").build())
                .isInstanceOf(UserInputException.class)
                .hasMessage("dataset mnist has no table for space nb201; allowed: cifar10, cifar100, imagenet16");
    }

    @Test
    void aSettingTheStrategyRejectsFailsBeforeAnyTrial() {
        Path tables = TestData.directory();
        assertThatThrownBy(() -> TabularSearch.builder(new MacroSpace(), tables)
                .strategy("random", Map.of("max-retries", -1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-retries");
    }

    private static TabularSearch<CellGenome> evolution(int budget, InMemoryTrialStore store) {
        return TabularSearch.builder(new CellSpace(), TestData.directory())
                .strategy("regularized-evolution", Map.of("population", 6, "sample", 3))
                .seed(21).plan(SearchPlan.of(TabularSearch.ACCURACY, Budget.trials(budget)).withStore(store)).build();
    }

    private static SearchResult<CellGenome> parallel(TabularSearch<CellGenome> search) {
        try (InProcessExecutor executor = new InProcessExecutor(4)) {
            return search.run(executor);
        }
    }

    private static List<String> recorded(String name) throws IOException {
        try (InputStream in = TabularSearchTest.class.getResourceAsStream("recorded/" + name)) {
            assertThat(in).as("recorded/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#")).toList();
        }
    }

    /** Each trial as its genome and accuracy, the accuracy as Java writes the double: equal text is equal bits. */
    private static <G extends Genome> List<String> trials(SearchResult<G> result) {
        return result.trials().stream().map(trial -> trial.genome() + " " + trial.metrics().get("accuracy")).toList();
    }
}
