package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.trial.TrialState;
import io.nas4j.strategies.AskTellContract;
import io.nas4j.strategies.Landscape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegularizedEvolutionTest extends AskTellContract {

    @Override
    protected StrategyProvider provider() {
        return new RegularizedEvolutionProvider();
    }

    private static RegularizedEvolution<CellGenome> evolution(Landscape landscape, int population, int sample) {
        return new RegularizedEvolution<>(landscape.space(), Objective.maximize(Landscape.METRIC),
                new SplittableRandom(1), population, sample);
    }

    @Test
    void firstPopulationIsRandomWhateverTheOutcomes() {
        List<String> onOne = sequentialProposals(new Landscape(1), evolution(new Landscape(1), 10, 3), 10);
        List<String> onAnother = sequentialProposals(new Landscape(2), evolution(new Landscape(2), 10, 3), 10);
        assertThat(onOne).isEqualTo(onAnother);
    }

    @Test
    void theOldestMemberDiesWhenANewOneArrives() {
        Landscape landscape = new Landscape(1);
        RegularizedEvolution<CellGenome> evolution = evolution(landscape, 5, 2);
        List<CellGenome> told = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            CellGenome genome = evolution.ask().genome();
            evolution.tell(complete(landscape, genome, i));
            told.add(genome);
        }
        assertThat(evolution.population()).containsExactlyElementsOf(told.subList(2, 7));
    }

    @Test
    void mutatesTheBestOfTheSample() {
        Landscape landscape = new Landscape(1);
        RegularizedEvolution<CellGenome> evolution = evolution(landscape, 5, 5);
        CellGenome best = null;
        for (int i = 0; i < 5; i++) {
            CellGenome genome = evolution.ask().genome();
            evolution.tell(complete(landscape, genome, i));
            if (best == null || landscape.value(genome) > landscape.value(best)) {
                best = genome;
            }
        }
        assertThat(landscape.space().neighbours(best)).contains(evolution.ask().genome());
    }

    @Test
    void failedOutcomesJoinThePopulationAsItsWorst() {
        Landscape landscape = new Landscape(1);
        RegularizedEvolution<CellGenome> evolution = evolution(landscape, 3, 3);
        List<CellGenome> first = evolution.ask(3).stream().map(p -> p.genome()).toList();
        evolution.tell(new Observation<>(0, first.get(0), Fidelity.FULL, TrialState.FAILED, Map.of(), 0));
        evolution.tell(complete(landscape, first.get(1), 1));
        evolution.tell(new Observation<>(2, first.get(2), Fidelity.FULL, TrialState.FAILED, Map.of(), 0));
        assertThat(evolution.population()).hasSize(3);
        assertThat(landscape.space().neighbours(first.get(1))).contains(evolution.ask().genome());
    }

    @Test
    void rejectsASampleLargerThanThePopulation() {
        StrategySettings settings = StrategySettings.of(Map.of("population", 5, "sample", 6));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample").hasMessageContaining("[1, 5]");
    }

    @Test
    void isRegisteredAsRegularizedEvolution() {
        assertThat(Strategies.installed().get("regularized-evolution"))
                .isInstanceOf(RegularizedEvolutionProvider.class);
    }
}
