package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.strategies.AskTellContract;
import io.nas4j.strategies.Landscape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneticAlgorithmTest extends AskTellContract {

    @Override
    protected StrategyProvider provider() {
        return new GeneticAlgorithmProvider();
    }

    private static GeneticAlgorithm<CellGenome> genetic(Landscape landscape, int population, int elitism) {
        return new GeneticAlgorithm<>(landscape.space(), Objective.maximize(Landscape.METRIC), new SplittableRandom(1),
                population, 3, 0.5, 0.5, elitism);
    }

    @Test
    void breedsEachGenerationOnceThePreviousOneIsTold() {
        Landscape landscape = new Landscape(1);
        GeneticAlgorithm<CellGenome> genetic = genetic(landscape, 10, 2);
        sequentialProposals(landscape, genetic, 10);
        assertThat(genetic.generations()).isZero();
        sequentialProposals(landscape, genetic, 8);
        assertThat(genetic.generations()).isEqualTo(1);
        sequentialProposals(landscape, genetic, 1);
        assertThat(genetic.generations()).isEqualTo(2);
    }

    @Test
    void breedsFromWhatIsKnownWhileAGenerationIsStillRunning() {
        Landscape landscape = new Landscape(1);
        GeneticAlgorithm<CellGenome> genetic = genetic(landscape, 10, 2);
        List<CellGenome> first = genetic.ask(10).stream().map(p -> p.genome()).toList();
        for (int i = 0; i < 3; i++) {
            genetic.tell(complete(landscape, first.get(i), i));
        }
        assertThat(genetic.ask(1)).hasSize(1);
        assertThat(genetic.generations()).isEqualTo(1);
    }

    @Test
    void defaultsFollowTheDocumentation() {
        Landscape landscape = new Landscape(1);
        GeneticAlgorithm<CellGenome> genetic = (GeneticAlgorithm<CellGenome>) provider().create(
                StrategyContext.of(landscape.space(), Objective.maximize(Landscape.METRIC), 1));
        sequentialProposals(landscape, genetic, 20);
        assertThat(genetic.generations()).isZero();
        sequentialProposals(landscape, genetic, 18);
        assertThat(genetic.generations()).isEqualTo(1);
    }

    @Test
    void rejectsElitismThatLeavesNoRoomForChildren() {
        StrategySettings settings = StrategySettings.of(Map.of("population", 10, "elitism", 10));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elitism").hasMessageContaining("[0, 9]");
    }

    @Test
    void rejectsARateAboveOne() {
        StrategySettings settings = StrategySettings.of(Map.of("crossover-rate", 1.5));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crossover-rate").hasMessageContaining("[0, 1]");
    }

    @Test
    void rejectsAnUnknownSetting() {
        StrategySettings settings = StrategySettings.of(Map.of("populaton", 10));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("populaton").hasMessageContaining("tournament-size");
    }

    @Test
    void isRegisteredAsGenetic() {
        assertThat(Strategies.installed().get("genetic")).isInstanceOf(GeneticAlgorithmProvider.class);
    }
}
