package io.nas4j.strategies;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
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
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every search strategy must do, whatever it is: be a deterministic function of its seed and of the
 * ask/tell calls it receives, so that replaying them (as {@link Search} does on resume) rebuilds it exactly;
 * answer batches; survive FAILED trials; and reject settings it does not know. Each strategy's test class
 * extends this and names its provider, like a backend extends the backend TCK.
 */
public abstract class StrategyConformance {

    protected static final long SEED = 7;

    protected final Landscape landscape = new Landscape(11);
    protected final CellSpace space = landscape.space();

    /** The provider under test. */
    protected abstract StrategyProvider provider();

    /** The settings the conformance tests run with; empty by default. */
    protected StrategySettings settings() {
        return StrategySettings.empty();
    }

    /** A setting and a value outside its allowed range, which creation must reject naming the setting. */
    protected abstract Map.Entry<String, Object> outOfRangeSetting();

    protected SearchStrategy<CellGenome> create(long seed) {
        return create(seed, settings());
    }

    protected SearchStrategy<CellGenome> create(long seed, StrategySettings settings) {
        return provider().create(new StrategyContext<>(space, List.of(Objective.maximize(Landscape.METRIC)), seed,
                settings));
    }

    @Test
    void sameSeedGivesSameProposals() {
        assertThat(drive(create(SEED), 40)).isEqualTo(drive(create(SEED), 40));
    }

    @Test
    void differentSeedsGiveDifferentProposals() {
        assertThat(drive(create(SEED), 20)).isNotEqualTo(drive(create(SEED + 1), 20));
    }

    @Test
    void replayingTheSameCallsGivesTheSameNextProposal() {
        SearchStrategy<CellGenome> original = create(SEED);
        List<Object> calls = new ArrayList<>();
        Deque<Proposal<CellGenome>> running = new ArrayDeque<>();
        long id = 0;
        for (int round = 0; round < 24; round++) {
            int n = round % 4 == 0 ? 3 : 1;
            calls.add(n);
            running.addAll(original.ask(n));
            // outcomes arrive out of order and some stay in flight across asks, as with parallel workers
            while (running.size() > 2) {
                Proposal<CellGenome> done = round % 2 == 0 ? running.pollLast() : running.pollFirst();
                Observation<CellGenome> observation = observe(id++, done);
                original.tell(observation);
                calls.add(observation);
            }
        }
        SearchStrategy<CellGenome> replayed = create(SEED);
        for (Object call : calls) {
            if (call instanceof Integer n) {
                replayed.ask(n);
            } else {
                @SuppressWarnings("unchecked")
                Observation<CellGenome> observation = (Observation<CellGenome>) call;
                replayed.tell(observation);
            }
        }
        assertThat(describe(replayed.ask(2))).isEqualTo(describe(original.ask(2)));
    }

    @Test
    void resumedSearchProposesWhatAnUninterruptedSearchDoes() {
        TrialStore store = new InMemoryTrialStore();
        search(create(SEED), store, 40, landscapeEstimator());
        SearchResult<CellGenome> resumed = search(create(SEED), store, 60, landscapeEstimator());
        SearchResult<CellGenome> uninterrupted = search(create(SEED), new InMemoryTrialStore(), 60,
                landscapeEstimator());
        assertThat(resumed.trials()).hasSize(60);
        assertThat(resumed.trials().stream().map(t -> t.genome() + "@" + t.fidelity()).toList())
                .isEqualTo(uninterrupted.trials().stream().map(t -> t.genome() + "@" + t.fidelity()).toList());
    }

    @Test
    void answersBatchesOfFourWithDistinctEvaluations() {
        SearchStrategy<CellGenome> strategy = create(SEED);
        long id = 0;
        for (int round = 0; round < 15; round++) {
            List<Proposal<CellGenome>> batch = strategy.ask(4);
            assertThat(batch).hasSize(4);
            assertThat(describe(batch).stream().collect(Collectors.toSet())).hasSize(4);
            for (int i = batch.size() - 1; i >= 0; i--) {
                strategy.tell(observe(id++, batch.get(i)));
            }
        }
    }

    @Test
    void keepsSearchingWhenTrialsFail() {
        PerformanceEstimator<CellGenome> flaky = trial -> {
            if ((space.indexOf(trial.genome()).longValue() + (long) Math.min(trial.fidelity().resource(), 1e6)) % 3 == 0) {
                throw new IllegalStateException("diverged");
            }
            return landscapeEstimator().estimate(trial);
        };
        SearchResult<CellGenome> result = search(create(SEED), new InMemoryTrialStore(), 80, flaky);
        assertThat(result.trials()).hasSize(80);
        assertThat(result.trials()).anyMatch(t -> t.state() == TrialState.FAILED);
        assertThat(result.trials()).anyMatch(t -> t.state() == TrialState.COMPLETE);
    }

    @Test
    void rejectsAnUnknownSetting() {
        assertThatThrownBy(() -> create(SEED, settings().with("no-such-setting", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-setting");
    }

    @Test
    void rejectsASettingOutOfRangeNamingIt() {
        Map.Entry<String, Object> bad = outOfRangeSetting();
        assertThatThrownBy(() -> create(SEED, settings().with(bad.getKey(), bad.getValue())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.getKey());
    }

    @Test
    void isInstalledUnderItsName() {
        assertThat(io.nas4j.core.search.Strategies.installed().get(provider().name()))
                .isInstanceOf(provider().getClass());
        assertThat(provider().settings()).isNotEmpty();
    }

    /** Runs {@code strategy} one proposal at a time for {@code trials}, telling each outcome at once. */
    protected List<String> drive(SearchStrategy<CellGenome> strategy, int trials) {
        List<String> seen = new ArrayList<>();
        for (long id = 0; id < trials; id++) {
            Proposal<CellGenome> proposal = strategy.ask();
            seen.add(describe(List.of(proposal)).get(0));
            strategy.tell(observe(id, proposal));
        }
        return seen;
    }

    protected Observation<CellGenome> observe(long id, Proposal<CellGenome> proposal) {
        double cost = proposal.fidelity().isFull() ? 200 : proposal.fidelity().resource();
        return new Observation<>(id, proposal.genome(), proposal.fidelity(), TrialState.COMPLETE,
                Map.of(Landscape.METRIC, landscape.observe(proposal.genome(), proposal.fidelity())), cost);
    }

    protected List<String> describe(List<Proposal<CellGenome>> proposals) {
        return proposals.stream().map(p -> space.key(p.genome()) + "@" + p.fidelity()).toList();
    }

    protected PerformanceEstimator<CellGenome> landscapeEstimator() {
        return trial -> TrialResult.complete(Map.of(Landscape.METRIC, landscape.observe(trial.genome(),
                trial.fidelity())), trial.fidelity().isFull() ? 200 : trial.fidelity().resource());
    }

    protected SearchResult<CellGenome> search(SearchStrategy<CellGenome> strategy, TrialStore store, int trials,
                                              PerformanceEstimator<CellGenome> estimator) {
        return Search.builder(space)
                .strategy(strategy)
                .estimator(estimator)
                .objective(Objective.maximize(Landscape.METRIC))
                .budget(Budget.trials(trials))
                .store(store)
                .build()
                .run();
    }

    /**
     * Runs {@code provider} on the landscapes of seeds 1 to {@code seeds} (the strategy seeded alike) for
     * {@code trials} trials each, and returns each run's regret (the landscape's optimum minus the true value
     * of the best network evaluated at full fidelity) and total cost.
     */
    protected static List<Run> runs(StrategyProvider provider, StrategySettings settings, int seeds,
                                    java.util.function.LongToIntFunction trials) {
        List<Run> runs = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            Landscape landscape = new Landscape(100 + seed);
            SearchStrategy<CellGenome> strategy = provider.create(new StrategyContext<>(landscape.space(),
                    List.of(Objective.maximize(Landscape.METRIC)), seed, settings));
            SearchResult<CellGenome> result = landscape.run(strategy, trials.applyAsInt(seed));
            double cost = result.trials().stream().mapToDouble(t -> t.cost()).sum();
            runs.add(new Run(landscape.optimum() - landscape.bestValue(result), cost));
        }
        return runs;
    }

    protected static double meanRegret(List<Run> runs) {
        return runs.stream().mapToDouble(Run::regret).average().orElseThrow();
    }

    /** One search on one landscape: how far from the optimum its best full-fidelity network is, at what cost. */
    protected record Run(double regret, double cost) {
    }
}
