package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TabularSearchTest {

    /** Recorded from {@code nas search --backend tabular --space macro --strategy local-search --seed 3 --budget 25} before the search moved here. */
    private static final String MACRO_LOCAL_SEARCH_SEED_3 = """
                20022002 89.65999857584636
                01221022 91.02666473388672
                10122000 90.5
                01020002 86.33999888102214
                22102220 92.69333140055339
                21101012 91.42332967122395
                20100002 86.82666524251302
                00222221 90.1133295694987
                22022010 91.4066645304362
                10202020 90.54332987467448
                12102220 92.28666432698567
                22002220 91.64666493733723
                20102220 91.63999684651692
                22102210 92.18999735514323
                22112220 92.70999654134114
                22112210 92.62666575113933
                22122220 92.78333028157552
                21122220 92.48332977294922
                12122220 92.44333140055339
                02122220 91.14333089192708
                22120220 92.69333140055339
                22122020 92.57332865397136
                22121220 92.51666259765625
                22122210 92.8699951171875
                12122210 92.37332916259766
                """;

    /** Recorded from {@code nas search --backend tabular --space nb201 --strategy random --seed 4 --dataset cifar100 --budget 25}. */
    private static final String NB201_RANDOM_SEED_4_CIFAR100 = """
                |avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|avg_pool_3x3~2| 26.99999997253418
                |nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2| 43.939999975585934
                |nor_conv_1x1~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_1x1~1|nor_conv_1x1~2| 51.259999975585934
                |avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|nor_conv_3x3~2| 40.67999993286133
                |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2| 39.40000000610352
                |skip_connect~0|+|skip_connect~0|avg_pool_3x3~1|+|avg_pool_3x3~0|skip_connect~1|skip_connect~2| 9.359999996185303
                |none~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_3x3~0|avg_pool_3x3~1|nor_conv_3x3~2| 44.09999992675781
                |nor_conv_1x1~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_1x1~1|none~2| 49.75999993286133
                |none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_1x1~0|skip_connect~1|none~2| 40.62000001831055
                |skip_connect~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|none~1|none~2| 0.9999999996185303
                |nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|skip_connect~2| 37.079999990844726
                |nor_conv_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|skip_connect~0|avg_pool_3x3~1|none~2| 50.77999992675781
                |skip_connect~0|+|none~0|skip_connect~1|+|none~0|nor_conv_1x1~1|avg_pool_3x3~2| 41.55999999389648
                |avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|nor_conv_1x1~0|nor_conv_1x1~1|avg_pool_3x3~2| 36.560000024414066
                |avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_1x1~2| 32.119999990844725
                |nor_conv_3x3~0|+|nor_conv_1x1~0|none~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2| 42.740000024414066
                |nor_conv_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|nor_conv_1x1~0|none~1|skip_connect~2| 42.01999998779297
                |avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_3x3~1|none~2| 34.53999999694824
                |nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|none~0|skip_connect~1|skip_connect~2| 43.88000001831055
                |nor_conv_1x1~0|+|skip_connect~0|skip_connect~1|+|nor_conv_3x3~0|none~1|skip_connect~2| 53.87999999389648
                |nor_conv_1x1~0|+|skip_connect~0|skip_connect~1|+|nor_conv_1x1~0|avg_pool_3x3~1|skip_connect~2| 49.519999938964844
                |skip_connect~0|+|none~0|avg_pool_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|none~2| 49.48000001831055
                |skip_connect~0|+|skip_connect~0|none~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2| 31.77999998474121
                |skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|skip_connect~1|skip_connect~2| 54.139999981689456
                |none~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2| 46.859999926757816
                """;

    /** Recorded from {@code nas search --backend tabular --space nb201 --strategy regularized-evolution --seed 7 --budget 25}. */
    private static final String NB201_EVOLUTION_SEED_7 = """
                |skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2| 83.094
                |skip_connect~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|nor_conv_3x3~1|none~2| 72.33399999267579
                |nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|avg_pool_3x3~2| 67.24199997192383
                |skip_connect~0|+|none~0|avg_pool_3x3~1|+|nor_conv_1x1~0|nor_conv_3x3~1|nor_conv_3x3~2| 74.25
                |nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2| 77.11399998046875
                |none~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_3x3~2| 51.893999993896486
                |avg_pool_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2| 55.51000000427246
                |nor_conv_1x1~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|none~1|nor_conv_1x1~2| 62.509999991455075
                |none~0|+|nor_conv_1x1~0|none~1|+|none~0|skip_connect~1|skip_connect~2| 72.8759999975586
                |none~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2| 46.45599998840332
                |nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2| 82.9939999938965
                |nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2| 79.48399998291015
                |none~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_1x1~2| 73.31599997558592
                |avg_pool_3x3~0|+|none~0|avg_pool_3x3~1|+|none~0|none~1|skip_connect~2| 48.27000000061035
                |nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|nor_conv_3x3~0|skip_connect~1|nor_conv_3x3~2| 77.41799998779297
                |skip_connect~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_1x1~2| 77.8999999987793
                |nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2| 55.98399998779297
                |skip_connect~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2| 65.15799999023437
                |nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2| 81.9359999987793
                |avg_pool_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|skip_connect~2| 65.98599999145509
                |skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_1x1~0|none~1|nor_conv_1x1~2| 78.59599999267579
                |nor_conv_1x1~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2| 81.51399997924804
                |avg_pool_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2| 76.3799999975586
                |nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2| 80.96199997924805
                |nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|skip_connect~1|none~2| 77.54399998291015
                """;

    @Test
    void aMacroLocalSearchGivesTheTrialsTheCommandLineGaveBitForBit() {
        SearchResult<?> result = TabularSearch.builder(new MacroSpace(), TestData.directory())
                .strategy("local-search").seed(3).budget(25).build().run();

        assertThat(trials(result)).isEqualTo(MACRO_LOCAL_SEARCH_SEED_3.lines().map(String::strip).toList());
    }

    @Test
    void anNb201RandomSearchOnCifar100GivesTheTrialsTheCommandLineGaveBitForBit() {
        SearchResult<?> result = TabularSearch.builder(new CellSpace(), TestData.directory())
                .dataset("cifar100").strategy("random").seed(4).budget(25).build().run();

        assertThat(trials(result)).isEqualTo(NB201_RANDOM_SEED_4_CIFAR100.lines().map(String::strip).toList());
    }

    @Test
    void anNb201EvolutionGivesTheTrialsTheCommandLineGaveBitForBit() {
        SearchResult<?> result = TabularSearch.builder(new CellSpace(), TestData.directory())
                .dataset("cifar10").strategy("regularized-evolution").seed(7).budget(25).build().run();

        assertThat(trials(result)).isEqualTo(NB201_EVOLUTION_SEED_7.lines().map(String::strip).toList());
    }

    @Test
    void parallelTrialsGiveTheSameTrialsOnEveryRun() {
        TabularSearch<CellGenome> search = TabularSearch.builder(new CellSpace(), TestData.directory())
                .strategy("regularized-evolution", Map.of("population", 8, "sample", 3)).seed(11).budget(40).build();

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
                .strategy("random").seed(5).budget(30).build().run();

        double highest = result.trials().stream().mapToDouble(trial -> trial.metrics().get("accuracy")).max().orElseThrow();
        assertThat(result.best().orElseThrow().trial().metrics()).containsEntry("accuracy", highest);
    }

    @Test
    void listenersHearEveryTrial() {
        AtomicInteger finished = new AtomicInteger();
        TabularSearch.builder(new MacroSpace(), TestData.directory()).budget(12)
                .listener(new SearchListener() {
                    @Override
                    public void trialFinished(TrialRecord trial, TrialRecord incumbent) {
                        finished.incrementAndGet();
                    }
                })
                .build().run();

        assertThat(finished).hasValue(12);
    }

    @Test
    void aDatasetTheTableDoesNotCoverIsAUserError() {
        assertThatThrownBy(() -> TabularSearch.builder(new CellSpace(), TestData.directory()).dataset("mnist").build())
                .isInstanceOf(UserInputException.class)
                .hasMessage("dataset mnist has no table for space nb201; allowed: cifar10, cifar100, imagenet16");
    }

    @Test
    void aSettingTheStrategyRejectsFailsBeforeAnyTrial() {
        assertThatThrownBy(() -> TabularSearch.builder(new MacroSpace(), TestData.directory())
                .strategy("random", Map.of("max-retries", -1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-retries");
    }

    @Test
    void aBudgetBelowOneIsAUserError() {
        assertThatThrownBy(() -> TabularSearch.builder(new MacroSpace(), TestData.directory()).budget(0).build())
                .isInstanceOf(UserInputException.class)
                .hasMessage("budget must be at least 1 trial, got 0");
    }

    private static TabularSearch<CellGenome> evolution(int budget, InMemoryTrialStore store) {
        return TabularSearch.builder(new CellSpace(), TestData.directory())
                .strategy("regularized-evolution", Map.of("population", 6, "sample", 3))
                .seed(21).budget(budget).store(store).build();
    }

    private static SearchResult<CellGenome> parallel(TabularSearch<CellGenome> search) {
        try (InProcessExecutor executor = new InProcessExecutor(4)) {
            return search.run(executor);
        }
    }

    /** Each trial as its genome and accuracy, the accuracy as Java writes the double: equal text is equal bits. */
    private static <G extends Genome> List<String> trials(SearchResult<G> result) {
        return result.trials().stream().map(trial -> trial.genome() + " " + trial.metrics().get("accuracy")).toList();
    }
}
