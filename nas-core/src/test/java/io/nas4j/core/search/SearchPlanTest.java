package io.nas4j.core.search;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchPlanTest {

    private static final Objective SCORE = Objective.maximize("score");
    private final MacroSpace space = new MacroSpace();

    @Test
    void aPlanAssemblesASearchThatKeepsItsBudgetStoreAndListeners() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        List<Long> heard = new ArrayList<>();
        SearchPlan plan = SearchPlan.of(SCORE, Budget.trials(7)).withStore(store)
                .withListener(new SearchListener() {
                    @Override
                    public void trialFinished(TrialRecord trial, TrialRecord incumbent) {
                        heard.add(trial.id());
                    }
                });

        SearchResult<MacroGenome> result = plan.search(space, randomStrategy(3), this::score, InProcessExecutor.sequential()).run();

        assertThat(result.trials()).hasSize(7);
        assertThat(store.trials()).hasSize(7);
        assertThat(heard).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(result.objectives()).containsExactly(SCORE);
    }

    @Test
    void theSamePlanAndSeedGiveTheSameSearch() {
        SearchPlan plan = SearchPlan.of(SCORE, Budget.trials(10));

        SearchResult<MacroGenome> first = plan.search(space, randomStrategy(5), this::score, InProcessExecutor.sequential()).run();
        SearchResult<MacroGenome> second = plan.search(space, randomStrategy(5), this::score, InProcessExecutor.sequential()).run();

        assertThat(second.trials().stream().map(TrialRecord::genome).toList())
                .isEqualTo(first.trials().stream().map(TrialRecord::genome).toList());
    }

    @Test
    void withMethodsChangeOneSettingAndKeepTheRest() {
        SearchPlan plan = SearchPlan.of(SCORE, Budget.trials(3)).withTrialTimeout(Duration.ofSeconds(4)).withTellInTrialOrder(false);

        assertThat(plan.trialTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(plan.tellInTrialOrder()).isFalse();
        assertThat(plan.withBudget(Budget.trials(9)).trialTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(plan.withTrialTimeout(Duration.ZERO).trialTimeout()).as("zero means none").isNull();
        assertThat(SearchPlan.of(SCORE, Budget.trials(1)).tellInTrialOrder()).as("the default").isTrue();
    }

    @Test
    void aPlanNeedsAnObjectiveAndAPositiveTrialTimeout() {
        assertThatThrownBy(() -> SearchPlan.of(List.of(), Budget.trials(1))).hasMessageStartingWith("objectives:");
        assertThatThrownBy(() -> SearchPlan.of(SCORE, Budget.trials(1)).withTrialTimeout(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("trialTimeout must be positive");
    }

    private io.nas4j.core.trial.TrialResult score(io.nas4j.core.trial.Trial<MacroGenome> trial) {
        double value = trial.genome().toString().chars().sum() % 97;
        return new TrialResult(TrialState.COMPLETE, Map.of("score", value), 1, "", List.of());
    }

    /** Proposes uniform samples of the space from its seed and ignores results: enough to drive a plan. */
    private SearchStrategy<MacroGenome> randomStrategy(long seed) {
        RandomGenerator random = new java.util.SplittableRandom(seed);
        return new SearchStrategy<>() {
            @Override
            public List<Proposal<MacroGenome>> ask(int count) {
                List<Proposal<MacroGenome>> proposals = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    proposals.add(Proposal.full(space.sample(random)));
                }
                return proposals;
            }

            @Override
            public void tell(Observation<MacroGenome> observation) {
            }
        };
    }
}
