package io.nas4j.core.search;

import io.nas4j.core.trial.Fidelity;

import io.nas4j.core.trial.TrialState;

import io.nas4j.core.trial.TrialResult;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchTest {

    private final MacroSpace space = new MacroSpace();

    /** Accuracy grows with the digits of the key, so "22222222" is best. */
    private static double accuracy(MacroGenome genome) {
        return genome.choices().stream().mapToInt(Integer::intValue).sum();
    }

    /** A learning-free strategy whose proposals depend only on its seed and how often it was asked. */
    private static final class SeededSampler implements SearchStrategy<MacroGenome> {
        private final MacroSpace space;
        private final SplittableRandom random;
        final List<Observation<MacroGenome>> told = new ArrayList<>();

        SeededSampler(MacroSpace space, long seed) {
            this.space = space;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public List<Proposal<MacroGenome>> ask(int n) {
            List<Proposal<MacroGenome>> proposals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // the proposal depends on what was told, so replay must deliver tells in order
                MacroGenome genome = space.sample(random);
                if (!told.isEmpty() && told.size() % 3 == 0) {
                    genome = space.mutate(told.get(told.size() - 1).genome(), random);
                }
                proposals.add(Proposal.full(genome));
            }
            return proposals;
        }

        @Override
        public void tell(Observation<MacroGenome> observation) {
            told.add(observation);
        }
    }

    private Search.Builder<MacroGenome> search(SearchStrategy<MacroGenome> strategy, int trials, InMemoryTrialStore store) {
        return Search.builder(space)
                .strategy(strategy)
                .estimator(trial -> TrialResult.complete(Map.of("accuracy", accuracy(trial.genome())), 1))
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(trials))
                .store(store);
    }

    @Test
    void runsUntilTheTrialBudgetAndReturnsTheBestTrial() {
        SearchResult<MacroGenome> result = search(new SeededSampler(space, 1), 30, new InMemoryTrialStore()).build().run();
        assertThat(result.trials()).hasSize(30).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        double best = result.trials().stream().mapToDouble(t -> t.metrics().get("accuracy")).max().orElseThrow();
        assertThat(result.best()).isPresent();
        assertThat(result.best().get().trial().metrics().get("accuracy")).isEqualTo(best);
        assertThat(accuracy(result.best().get().genome())).isEqualTo(best);
    }

    @Test
    void inTrialOrderParallelTrialsOfRandomDurationGiveTheSameSearchEveryTime() {
        List<String> first = orderedParallelSearch();
        List<String> second = orderedParallelSearch();

        assertThat(second).isEqualTo(first);
    }

    /**
     * Three parallel trials whose durations are random (unseeded, so each run finishes them in another
     * order); trial k must be asked after exactly the trials up to k - 3 were told, and told k-th.
     */
    private List<String> orderedParallelSearch() {
        SeededSampler strategy = new SeededSampler(space, 9);
        InMemoryTrialStore store = new InMemoryTrialStore();
        try (InProcessExecutor executor = new InProcessExecutor(3)) {
            Search.builder(space)
                    .strategy(strategy)
                    .estimator(trial -> {
                        try {
                            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 12));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return TrialResult.complete(Map.of("accuracy", accuracy(trial.genome())), 1);
                    })
                    .objective(Objective.maximize("accuracy"))
                    .budget(Budget.trials(24))
                    .executor(executor)
                    .store(store)
                    .tellInTrialOrder(true)
                    .build()
                    .run();
        }
        List<TrialRecord> trials = store.trials();
        assertThat(trials).hasSize(24);
        List<String> sequence = new ArrayList<>();
        for (TrialRecord trial : trials) {
            assertThat(trial.askedAfterTells()).as("trial %d", trial.id()).isEqualTo(Math.max(0, (int) trial.id() - 2));
            assertThat(trial.tellIndex()).as("trial %d", trial.id()).isEqualTo((int) trial.id());
            sequence.add(trial.id() + " " + trial.genome() + " " + trial.askedAfterTells());
        }
        assertThat(strategy.told).extracting(Observation::trialId).containsExactlyElementsOf(
                trials.stream().map(TrialRecord::id).toList());
        return sequence;
    }

    @Test
    void tellsTheStrategyEveryOutcomeInOrder() {
        SeededSampler strategy = new SeededSampler(space, 2);
        search(strategy, 12, new InMemoryTrialStore()).build().run();
        assertThat(strategy.told).extracting(Observation::trialId).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void recordsAThrowingTrialAsFailedWithItsReasonAndGoesOn() {
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(new SeededSampler(space, 3))
                .estimator(trial -> {
                    if (trial.id() == 2) {
                        throw new IllegalStateException("worker lost its GPU");
                    }
                    return TrialResult.complete(Map.of("accuracy", accuracy(trial.genome())), 1);
                })
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(5))
                .build().run();
        assertThat(result.trials()).hasSize(5);
        TrialRecord failed = result.trials().get(2);
        assertThat(failed.state()).isEqualTo(TrialState.FAILED);
        assertThat(failed.reason()).contains("worker lost its GPU");
        assertThat(result.count(TrialState.COMPLETE)).isEqualTo(4);
    }

    @Test
    void failsATrialWhoseMetricIsNotANumber() {
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(new SeededSampler(space, 4))
                .estimator(trial -> TrialResult.complete(Map.of("accuracy", trial.id() == 0 ? Double.NaN : 1.0), 1))
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(3))
                .build().run();
        assertThat(result.trials().get(0).state()).isEqualTo(TrialState.FAILED);
        assertThat(result.trials().get(0).reason()).isEqualTo("metric accuracy is NaN");
        assertThat(result.best().orElseThrow().trial().id()).isEqualTo(1);
    }

    @Test
    void failsATrialThatRunsPastItsTimeLimit() {
        InProcessExecutor executor = new InProcessExecutor(2);
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(new SeededSampler(space, 5))
                .estimator(trial -> {
                    if (trial.id() == 0) {
                        Thread.sleep(10_000);
                    }
                    return TrialResult.complete(Map.of("accuracy", 1.0), 1);
                })
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(3))
                .executor(executor)
                .trialTimeout(Duration.ofMillis(300))
                .build().run();
        executor.close();
        assertThat(result.trials().get(0).state()).isEqualTo(TrialState.FAILED);
        assertThat(result.trials().get(0).reason()).contains("time limit");
        assertThat(result.count(TrialState.COMPLETE)).isEqualTo(2);
    }

    @Test
    void runsALostTrialAgainUpToTheRetryPolicysAttemptsAndRecordsTheAttempt() {
        java.util.Map<Long, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
        SeededSampler strategy = new SeededSampler(space, 13);
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(strategy)
                .estimator(trial -> {
                    calls.merge(trial.id(), 1, Integer::sum);
                    // trial 1 loses its worker once, trial 3 every time
                    if ((trial.id() == 1 && trial.attempt() == 1) || trial.id() == 3) {
                        return TrialResult.lost("worker process died (exit status 137) while running trial " + trial.id());
                    }
                    return TrialResult.complete(Map.of("accuracy", accuracy(trial.genome())), 1);
                })
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(5))
                .retryPolicy(RetryPolicy.attempts(3))
                .build().run();

        assertThat(result.trials().get(1).state()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.trials().get(1).attempt()).isEqualTo(2);
        assertThat(result.trials().get(3).state()).isEqualTo(TrialState.FAILED);
        assertThat(result.trials().get(3).attempt()).isEqualTo(3);
        assertThat(result.trials().get(3).reason()).contains("worker process died");
        assertThat(calls).containsEntry(1L, 2).containsEntry(3L, 3).containsEntry(0L, 1);
        assertThat(strategy.told).extracting(Observation::trialId).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void neverRetriesATrialThatFailedByItself() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(new SeededSampler(space, 14))
                .estimator(trial -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("diverged");
                })
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(2))
                .retryPolicy(RetryPolicy.attempts(3))
                .build().run();
        assertThat(result.trials()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
        assertThat(calls).hasValue(2);
    }

    @Test
    void storesTheTrialsOfOneAskTogether() {
        List<Integer> batchSizes = new ArrayList<>();
        InMemoryTrialStore store = new InMemoryTrialStore();
        io.nas4j.core.port.TrialStore recording = new io.nas4j.core.port.TrialStore() {
            @Override public void putAttribute(String name, String value) { store.putAttribute(name, value); }
            @Override public java.util.Optional<String> attribute(String name) { return store.attribute(name); }
            @Override public void insert(TrialRecord trial) { throw new AssertionError("trials are inserted in batches"); }
            @Override public void insertAll(List<TrialRecord> trials) { batchSizes.add(trials.size()); store.insertAll(trials); }
            @Override public void update(TrialRecord trial) { store.update(trial); }
            @Override public List<TrialRecord> trials() { return store.trials(); }
            @Override public void close() { }
        };
        try (InProcessExecutor executor = new InProcessExecutor(3)) {
            Search.builder(space).strategy(new SeededSampler(space, 15))
                    .estimator(trial -> TrialResult.complete(Map.of("accuracy", 1.0), 1))
                    .objective(Objective.maximize("accuracy")).budget(Budget.trials(9)).executor(executor)
                    .store(recording).build().run();
        }
        assertThat(batchSizes.get(0)).isEqualTo(3);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
    }

    @Test
    void stopsAskingOnceTheCostBudgetIsSpent() {
        SearchResult<MacroGenome> result = search(new SeededSampler(space, 6), 100, new InMemoryTrialStore())
                .budget(Budget.trials(100).withCost(7))
                .build().run();
        assertThat(result.trials()).hasSize(7);
    }

    @Test
    void resumingFromTheStoreGivesTheSameTrialsAsAnUninterruptedSearch() {
        InMemoryTrialStore interrupted = new InMemoryTrialStore();
        search(new SeededSampler(space, 7), 10, interrupted).build().run();
        SearchResult<MacroGenome> resumed = search(new SeededSampler(space, 7), 25, interrupted).build().run();

        SearchResult<MacroGenome> straight = search(new SeededSampler(space, 7), 25, new InMemoryTrialStore()).build().run();
        assertThat(resumed.trials()).extracting(TrialRecord::genome)
                .containsExactlyElementsOf(straight.trials().stream().map(TrialRecord::genome).toList());
    }

    @Test
    void resumeRunsAgainTheTrialsThatWereRunningWhenTheProcessDied() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        search(new SeededSampler(space, 8), 6, store).build().run();
        TrialRecord last = store.trials().get(5);
        // what a SIGKILL mid-trial leaves behind: the trial stored as RUNNING, never told
        store.update(last.started(last.startedAt(), last.attempt()));

        SearchResult<MacroGenome> resumed = search(new SeededSampler(space, 8), 8, store).build().run();
        assertThat(resumed.trials()).hasSize(8).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        assertThat(resumed.trials().get(5).attempt()).isEqualTo(2);
        SearchResult<MacroGenome> straight = search(new SeededSampler(space, 8), 8, new InMemoryTrialStore()).build().run();
        assertThat(resumed.trials()).extracting(TrialRecord::genome)
                .containsExactlyElementsOf(straight.trials().stream().map(TrialRecord::genome).toList());
    }

    @Test
    void refusesToResumeAStoreThatAnotherSeedWrote() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        search(new SeededSampler(space, 9), 5, store).build().run();
        assertThatThrownBy(() -> search(new SeededSampler(space, 10), 8, store).build().run())
                .isInstanceOf(io.nas4j.core.UserInputException.class)
                .hasMessageContaining("does not replay");
    }

    @Test
    void refusesToResumeAStoreWhoseTrialWasToldBeforeItFinished() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        search(new SeededSampler(space, 9), 5, store).build().run();
        // a hand edit: trial 2 put back in the queue, though the strategy was told its outcome
        store.update(store.trials().get(2).withState(TrialState.QUEUED));

        assertThatThrownBy(() -> search(new SeededSampler(space, 9), 8, store).build().run())
                .isInstanceOf(io.nas4j.core.UserInputException.class)
                .hasMessage("trial 2 is QUEUED but was told to the strategy (tell index 2); only a finished trial is told");
    }

    @Test
    void aHistoryWithAGapOrATellIndexUsedTwiceIsNoSearchsHistory() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        search(new SeededSampler(space, 9), 4, store).build().run();
        List<TrialRecord> trials = store.trials();
        TrialRecord third = trials.get(2);
        TrialRecord twiceTold = new TrialRecord(3, trials.get(3).batch(), trials.get(3).askedAfterTells(), 1,
                trials.get(3).genome(), trials.get(3).key(), trials.get(3).fidelity(), trials.get(3).state(),
                trials.get(3).metrics(), trials.get(3).cost(), trials.get(3).reason(), trials.get(3).attempt(),
                trials.get(3).curve(), trials.get(3).startedAt(), trials.get(3).finishedAt());

        assertThatThrownBy(() -> Search.checkHistory(List.of(trials.get(0), trials.get(1), trials.get(3))))
                .isInstanceOf(io.nas4j.core.UserInputException.class)
                .hasMessage("trial 3 is stored where trial 2 belongs; the trials of a search are numbered from 0 without gaps");
        assertThatThrownBy(() -> Search.checkHistory(List.of(trials.get(0), trials.get(1), third, twiceTold)))
                .isInstanceOf(io.nas4j.core.UserInputException.class)
                .hasMessageStartingWith("trial 3 has tell index 1, but the 4 told trials must have the tell indices 0 to 3");
        Search.checkHistory(trials);
    }

    @Test
    void parallelTrialsAreAskedInBatchesAndAllRecorded() {
        InProcessExecutor executor = new InProcessExecutor(3);
        SearchResult<MacroGenome> result = search(new SeededSampler(space, 11), 20, new InMemoryTrialStore())
                .executor(executor).build().run();
        executor.close();
        assertThat(result.trials()).hasSize(20).extracting(TrialRecord::id)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
        assertThat(result.trials()).allSatisfy(t -> assertThat(t.tellIndex()).isBetween(0, 19));
    }

    @Test
    void parallelSearchesResumeExactlyToo() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        try (InProcessExecutor executor = new InProcessExecutor(3)) {
            search(new SeededSampler(space, 12), 9, store).executor(executor).build().run();
        }
        List<TrialRecord> before = store.trials();
        // replay must rebuild the same strategy state whatever order the outcomes came in
        SeededSampler fresh = new SeededSampler(space, 12);
        search(fresh, 9, store).build().run();
        assertThat(store.trials()).isEqualTo(before);
        assertThat(fresh.told).hasSize(9);
    }

    @Test
    void tellsListenersAboutEveryTrialAndTheIncumbent() {
        List<String> events = new ArrayList<>();
        search(new SeededSampler(space, 13), 3, new InMemoryTrialStore())
                .listener(new SearchListener() {
                    @Override
                    public void searchStarted(int maxTrials, int resumedTrials) {
                        events.add("start " + maxTrials);
                    }

                    @Override
                    public void trialFinished(TrialRecord trial, TrialRecord incumbent) {
                        events.add("trial " + trial.id() + " best " + (incumbent == null ? "-" : incumbent.id()));
                    }

                    @Override
                    public void searchFinished(SearchResult<?> result) {
                        events.add("done " + result.trials().size());
                    }
                })
                .build().run();
        assertThat(events).hasSize(5).first().isEqualTo("start 3");
        assertThat(events).last().isEqualTo("done 3");
    }

    @Test
    void returnsTheParetoFrontForSeveralObjectives() {
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(new SeededSampler(space, 14))
                .estimator(trial -> TrialResult.complete(Map.of("accuracy", accuracy(trial.genome()),
                        "params", (double) trial.genome().choices().stream().filter(c -> c > 0).count()), 1))
                .objective(Objective.maximize("accuracy"))
                .objective(Objective.minimize("params"))
                .budget(Budget.trials(40))
                .build().run();
        assertThat(result.pareto()).isNotEmpty();
        for (TrialRecord member : result.pareto()) {
            for (TrialRecord other : result.trials()) {
                boolean dominated = other.metrics().get("accuracy") >= member.metrics().get("accuracy")
                        && other.metrics().get("params") <= member.metrics().get("params")
                        && (other.metrics().get("accuracy") > member.metrics().get("accuracy")
                        || other.metrics().get("params") < member.metrics().get("params"));
                assertThat(dominated).as("%s dominated by %s", member.genome(), other.genome()).isFalse();
            }
        }
    }

    @Test
    void strategiesSeeOnlyTheObjectivesMetrics() {
        SeededSampler strategy = new SeededSampler(space, 15);
        Search.builder(space)
                .strategy(strategy)
                .estimator(trial -> TrialResult.complete(Map.of("accuracy", 1.0, "test_accuracy", 0.5), 1))
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(2))
                .build().run();
        assertThat(strategy.told).allSatisfy(o -> assertThat(o.metrics()).containsOnlyKeys("accuracy"));
    }

    @Test
    void aLowFidelityEstimateNeverDisplacesAFullEvaluation() {
        SearchStrategy<MacroGenome> alternating = new SearchStrategy<>() {
            private int asked;

            @Override
            public List<Proposal<MacroGenome>> ask(int n) {
                Fidelity fidelity = asked++ % 2 == 0 ? Fidelity.of(200) : Fidelity.of(12);
                return List.of(new Proposal<>(space.at(java.math.BigInteger.valueOf(asked)), fidelity));
            }

            @Override
            public void tell(Observation<MacroGenome> observation) {
            }
        };
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(alternating)
                .estimator(trial -> TrialResult.complete(Map.of("accuracy", trial.fidelity().resource() < 200 ? 99.0 : trial.id()), 1))
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(6))
                .build().run();
        assertThat(result.best().orElseThrow().trial().id()).isEqualTo(4);
        assertThat(result.pareto()).extracting(TrialRecord::id).containsExactly(4L);
    }
}
