package io.nas4j.strategies;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import io.nas4j.strategies.random.RandomSearchProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every learning strategy must do, on the synthetic {@link Landscape}: beat random search, propose
 * the same genomes for the same seed and calls, rebuild its state by replay (directly and through a resumed
 * {@link Search}), answer batches and survive failed trials. A strategy's test extends this and names its
 * provider and settings.
 */
public abstract class AskTellContract {

    /** Trials per run when comparing with random search. */
    private static final int TRIALS = 150;
    /** Seeds compared (each seed also draws its own landscape). */
    private static final int SEEDS = 10;
    /** A run "finds the optimum" when its best true value is this close to it. */
    private static final double NEAR = 1.0;

    private static double[] randomGaps;

    /** The strategy under test. */
    protected abstract StrategyProvider provider();

    /** Its settings; none by default. */
    protected StrategySettings settings() {
        return StrategySettings.empty();
    }

    /** A new strategy on {@code space} maximising {@link Landscape#METRIC}. */
    protected SearchStrategy<CellGenome> create(CellSpace space, long seed) {
        return provider().create(new StrategyContext<>(space, List.of(Objective.maximize(Landscape.METRIC)), seed,
                settings()));
    }

    @Test
    public void findsBetterArchitecturesThanRandomSearchOnAverage() {
        double[] gaps = gaps(this::create);
        assertThat(mean(gaps)).isLessThan(mean(randomGaps()));
    }

    @Test
    public void findsTheOptimumMoreOftenThanRandomSearch() {
        double[] gaps = gaps(this::create);
        assertThat(near(gaps)).isGreaterThan(near(randomGaps())).isGreaterThanOrEqualTo(SEEDS / 2);
    }

    @Test
    public void sameSeedGivesTheSameFirstFiftyProposals() {
        Landscape landscape = new Landscape(3);
        assertThat(sequentialProposals(landscape, create(landscape.space(), 42), 50))
                .isEqualTo(sequentialProposals(landscape, create(landscape.space(), 42), 50));
    }

    @Test
    public void anotherSeedGivesOtherProposals() {
        Landscape landscape = new Landscape(3);
        assertThat(sequentialProposals(landscape, create(landscape.space(), 42), 50))
                .isNotEqualTo(sequentialProposals(landscape, create(landscape.space(), 43), 50));
    }

    @Test
    public void replayingTheSameCallsRebuildsTheSameState() {
        Landscape landscape = new Landscape(5);
        SearchStrategy<CellGenome> original = create(landscape.space(), 7);
        List<Call> transcript = interleaved(landscape, original, new SplittableRandom(11), 120);
        SearchStrategy<CellGenome> replayed = create(landscape.space(), 7);
        for (Call call : transcript) {
            if (call.observation() != null) {
                replayed.tell(call.observation());
            } else {
                assertThat(formats(landscape, replayed.ask(call.asked().size()))).isEqualTo(call.asked());
            }
        }
        assertThat(formats(landscape, replayed.ask(3))).isEqualTo(formats(landscape, original.ask(3)));
    }

    @Test
    public void resumedSearchProposesWhatAnUninterruptedSearchDoes() {
        Landscape landscape = new Landscape(2);
        InMemoryTrialStore store = new InMemoryTrialStore();
        search(landscape, create(landscape.space(), 9), store, 40).run();
        SearchResult<CellGenome> resumed = search(landscape, create(landscape.space(), 9), store, 60).run();
        SearchResult<CellGenome> whole = search(landscape, create(landscape.space(), 9), new InMemoryTrialStore(), 60)
                .run();
        assertThat(resumed.trials()).hasSize(60);
        assertThat(resumed.trials().stream().map(TrialRecord::genome).toList())
                .isEqualTo(whole.trials().stream().map(TrialRecord::genome).toList());
    }

    @Test
    public void resumesASearchRunByParallelWorkers() {
        Landscape landscape = new Landscape(2);
        InMemoryTrialStore store = new InMemoryTrialStore();
        try (InProcessExecutor workers = new InProcessExecutor(4)) {
            Search.builder(landscape.space())
                    .strategy(create(landscape.space(), 9))
                    .estimator(trial -> TrialResult.complete(Map.of(Landscape.METRIC, landscape.value(trial.genome())), 1))
                    .objective(Objective.maximize(Landscape.METRIC))
                    .budget(Budget.trials(40))
                    .executor(workers)
                    .store(store)
                    .build()
                    .run();
        }
        // Whatever order the workers finished in, the stored ask/tell sequence replays into a fresh strategy.
        SearchResult<CellGenome> resumed = search(landscape, create(landscape.space(), 9), store, 60).run();
        assertThat(resumed.trials()).hasSize(60);
        assertThat(resumed.count(TrialState.COMPLETE)).isEqualTo(60);
    }

    @Test
    public void answersABatchOfFourWithFourDifferentNetworks() {
        Landscape landscape = new Landscape(4);
        SearchStrategy<CellGenome> strategy = create(landscape.space(), 5);
        for (int round = 0; round < 30; round++) {
            List<Proposal<CellGenome>> batch = strategy.ask(4);
            assertThat(batch).hasSize(4);
            assertThat(batch.stream().map(p -> landscape.space().key(p.genome())).distinct()).hasSize(4);
            // Outcomes come back in another order than asked, as from parallel workers.
            for (int i = batch.size() - 1; i >= 0; i--) {
                strategy.tell(complete(landscape, batch.get(i).genome(), round * 4L + i));
            }
        }
    }

    @Test
    public void asksAgainBeforeEarlierProposalsAreTold() {
        Landscape landscape = new Landscape(4);
        SearchStrategy<CellGenome> strategy = create(landscape.space(), 5);
        List<Proposal<CellGenome>> first = strategy.ask(60);
        List<Proposal<CellGenome>> second = strategy.ask(60);
        assertThat(first).hasSize(60);
        assertThat(second).hasSize(60);
    }

    @Test
    public void proposesNoNetworkTwiceInAHundredTrials() {
        Landscape landscape = new Landscape(6);
        List<String> keys = sequentialProposals(landscape, create(landscape.space(), 1), 100).stream()
                .map(text -> landscape.space().key(landscape.space().parse(text))).toList();
        assertThat(new HashSet<>(keys)).hasSize(100);
    }

    @Test
    public void keepsSearchingWhenTrialsFail() {
        Landscape landscape = new Landscape(8);
        // The first ten trials and every third one fail, so even the first outcomes may carry no metrics.
        SearchResult<CellGenome> result = Search.builder(landscape.space())
                .strategy(create(landscape.space(), 3))
                .estimator(trial -> trial.id() < 10 || trial.id() % 3 == 0
                        ? TrialResult.failed("diverged")
                        : TrialResult.complete(Map.of(Landscape.METRIC, landscape.value(trial.genome())), 1))
                .objective(Objective.maximize(Landscape.METRIC))
                .budget(Budget.trials(150))
                .build()
                .run();
        assertThat(result.trials()).hasSize(150);
        assertThat(result.count(TrialState.FAILED)).isGreaterThanOrEqualTo(50);
        assertThat(landscape.optimum() - landscape.bestValue(result)).isLessThan(mean(randomGaps()));
    }

    @Test
    public void stillProposesWhenEveryOutcomeFailed() {
        Landscape landscape = new Landscape(8);
        SearchStrategy<CellGenome> strategy = create(landscape.space(), 3);
        for (int i = 0; i < 40; i++) {
            CellGenome genome = strategy.ask().genome();
            strategy.tell(new Observation<>(i, genome, Fidelity.FULL, TrialState.FAILED, Map.of(), 0));
        }
        assertThat(strategy.ask(4)).hasSize(4);
    }

    // ---- helpers shared by strategy tests ----

    /** One call of a transcript: an ask (the formatted proposals) or a tell. */
    protected record Call(List<String> asked, Observation<CellGenome> observation) {
    }

    /** A search on the landscape at full fidelity, storing into {@code store}. */
    protected static Search<CellGenome> search(Landscape landscape, SearchStrategy<CellGenome> strategy,
                                               InMemoryTrialStore store, int trials) {
        return Search.builder(landscape.space())
                .strategy(strategy)
                .estimator(trial -> TrialResult.complete(Map.of(Landscape.METRIC, landscape.value(trial.genome())), 1))
                .objective(Objective.maximize(Landscape.METRIC))
                .budget(Budget.trials(trials))
                .store(store)
                .build();
    }

    /** A COMPLETE outcome with the landscape's true value. */
    protected static Observation<CellGenome> complete(Landscape landscape, CellGenome genome, long id) {
        return new Observation<>(id, genome, Fidelity.FULL, TrialState.COMPLETE,
                Map.of(Landscape.METRIC, landscape.value(genome)), 1);
    }

    /** The first {@code count} proposals of one-at-a-time ask/tell, in text form. */
    protected static List<String> sequentialProposals(Landscape landscape, SearchStrategy<CellGenome> strategy,
                                                      int count) {
        List<String> proposals = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CellGenome genome = strategy.ask().genome();
            proposals.add(landscape.space().format(genome));
            strategy.tell(complete(landscape, genome, i));
        }
        return proposals;
    }

    /**
     * Drives {@code strategy} through {@code steps} seeded random calls, as parallel workers would: asks of
     * one to four proposals, outcomes told in a shuffled order, one in seven FAILED. Returns the transcript.
     */
    protected static List<Call> interleaved(Landscape landscape, SearchStrategy<CellGenome> strategy,
                                            SplittableRandom script, int steps) {
        List<Call> transcript = new ArrayList<>();
        List<CellGenome> pending = new ArrayList<>();
        long id = 0;
        for (int step = 0; step < steps; step++) {
            if (pending.isEmpty() || (pending.size() < 8 && script.nextInt(3) == 0)) {
                List<Proposal<CellGenome>> proposals = strategy.ask(1 + script.nextInt(4));
                pending.addAll(proposals.stream().map(Proposal::genome).toList());
                transcript.add(new Call(formats(landscape, proposals), null));
            } else {
                CellGenome genome = pending.remove(script.nextInt(pending.size()));
                Observation<CellGenome> observation = script.nextInt(7) == 0
                        ? new Observation<>(id, genome, Fidelity.FULL, TrialState.FAILED, Map.of(), 0)
                        : complete(landscape, genome, id);
                id++;
                strategy.tell(observation);
                transcript.add(new Call(null, observation));
            }
        }
        return transcript;
    }

    protected static List<String> formats(Landscape landscape, List<Proposal<CellGenome>> proposals) {
        return proposals.stream().map(p -> landscape.space().format(p.genome())).toList();
    }

    /** How far below the optimum each seed's best true value after {@link #TRIALS} trials lies. */
    protected static double[] gaps(StrategyFactory factory) {
        double[] gaps = new double[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            Landscape landscape = new Landscape(seed);
            SearchResult<CellGenome> result = landscape.run(factory.create(landscape.space(), seed), TRIALS);
            gaps[seed] = landscape.optimum() - landscape.bestValue(result);
        }
        return gaps;
    }

    /** Random search's gaps, computed once per test run. */
    protected static synchronized double[] randomGaps() {
        if (randomGaps == null) {
            StrategyProvider random = new RandomSearchProvider();
            randomGaps = gaps((space, seed) -> random.create(StrategyContext.of(space,
                    Objective.maximize(Landscape.METRIC), seed)));
        }
        return randomGaps.clone();
    }

    protected static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    protected static long near(double[] gaps) {
        return Arrays.stream(gaps).filter(gap -> gap <= NEAR).count();
    }

    /** Makes a strategy for a space and seed. */
    @FunctionalInterface
    protected interface StrategyFactory {
        SearchStrategy<CellGenome> create(CellSpace space, long seed);
    }
}
